import OKREvents
import OKRProjections
import OKRWire

extension MethodTable {
    /// Check-ins, one at a time or a file's batch.
    mutating func addCheckIns(_ processor: CommandProcessor) {
        add(.checkin, CheckInParams.self) { (params, peer) throws(RPCError) in try await processor.checkIn(params, by: peer) }
        add(.checkinBatch, CheckInBatchParams.self) { (params, peer) throws(RPCError) in
            try await processor.checkIns(params, by: peer)
        }
    }
}

/// `checkin` and `checkin.batch`: a confidence, a status, a note, or any of them (SPEC §10).
/// Like observations they need no uniqueness check, so they skip the gate.
extension CommandProcessor {
    func checkIn(_ params: CheckInParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        let event = try checkedCheckIn(params, by: peer, field: "")
        try store.read { (model) throws(RPCError) in try Self.requireOpenKeyResult(params.kr, in: model, field: "kr") }
        return try await appendOne(event, id: params.kr)
    }

    /// Appends every check-in of the batch in one commit, or none: an error names the check-in
    /// at fault (`checkins[3].confidence`).
    func checkIns(_ params: CheckInBatchParams, by peer: Peer) async throws(RPCError) -> ObserveResult {
        guard !params.checkins.isEmpty else { throw .validation("no check-ins given", field: "checkins") }
        guard params.checkins.count <= observeBatchLimit else {
            throw .validation("\(params.checkins.count) check-ins in one batch; the limit is \(observeBatchLimit)", field: "checkins")
        }
        var events: [NewEvent] = []
        for (index, checkIn) in params.checkins.enumerated() {
            events.append(try checkedCheckIn(checkIn, by: peer, field: "checkins[\(index)]."))
        }
        try store.read { (model) throws(RPCError) in
            for (index, checkIn) in params.checkins.enumerated() {
                try Self.requireOpenKeyResult(checkIn.kr, in: model, field: "checkins[\(index)].kr")
            }
        }
        return Self.observeResult(try await append(events))
    }

    /// The event of one check-in, checked in form; `prefix` leads the field names in an error.
    private func checkedCheckIn(_ params: CheckInParams, by peer: Peer, field prefix: String) throws(RPCError) -> NewEvent {
        func field(_ name: String) -> String { prefix + name }
        let event = try EventChecks.checkInForm(CheckInRecorded(kr: params.kr, confidence: params.confidence, note: params.note,
                                                                status: params.status), field: prefix)
        try Checks.optionalText(params.key, field: field("key"), max: Checks.maxTitleLength)
        try Checks.effectiveTime(params.at, now: clock(), field: field("at"))
        return NewEvent(event, effectiveAt: params.at, actor: peer.user, idempotencyKey: params.key)
    }

    /// A key result that exists and is not dropped.
    static func requireOpenKeyResult(_ id: String, in model: borrowing OKRModel, field: String) throws(RPCError) {
        let record = try keyResult(id, in: model)
        guard record.drops.entries.isEmpty else { throw .validation("key result '\(id)' is dropped", field: field) }
    }
}
