import OKREvents
import OKRProjections
import OKRWire

/// `checkin` and `checkin.batch`: a confidence, a status, a note, or any of them (SPEC §10), on a
/// key result or an objective (SPEC §15). Like observations they need no uniqueness check, so
/// they skip the gate.
struct CheckInsFeature: Feature {
    let context: FeatureContext

    /// Check-ins, one at a time or a file's batch.
    func register(in table: inout MethodTable) {
        table.add(Methods.checkin) { (params, peer) throws(DomainError) in try await checkIn(params, by: peer) }
        table.add(Methods.checkinBatch) { (params, peer) throws(DomainError) in
            try await checkIns(params, by: peer)
        }
    }

    func checkIn(_ params: CheckInParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        var event = try checkedCheckIn(params, by: peer, field: "")
        try store.read { (model) throws(DomainError) in try Self.resolve(&event, in: model, field: "kr") }
        return try await appendOne(event, id: params.kr)
    }

    /// Appends every check-in of the batch in one commit, or none: an error names the check-in
    /// at fault (`checkins[3].confidence`).
    func checkIns(_ params: CheckInBatchParams, by peer: Peer) async throws(DomainError) -> ObserveResult {
        guard !params.checkins.isEmpty else { throw .validation("no check-ins given", field: "checkins") }
        guard params.checkins.count <= context.observeBatchLimit else {
            throw .validation("\(params.checkins.count) check-ins in one batch; the limit is \(context.observeBatchLimit)", field: "checkins")
        }
        var events: [NewEvent] = []
        for (index, checkIn) in params.checkins.enumerated() {
            events.append(try checkedCheckIn(checkIn, by: peer, field: "checkins[\(index)]."))
        }
        try store.read { (model) throws(DomainError) in
            for index in events.indices { try Self.resolve(&events[index], in: model, field: "checkins[\(index)].kr") }
        }
        return ObservationsFeature.observeResult(try await append(events))
    }

    /// The event of one check-in, checked in form; `prefix` leads the field names in an error.
    private func checkedCheckIn(_ params: CheckInParams, by peer: Peer, field prefix: String) throws(DomainError) -> NewEvent {
        func field(_ name: String) -> String { prefix + name }
        let event = try EventChecks.checkInForm(CheckInRecorded(kr: params.kr, confidence: params.confidence, note: params.note,
                                                                status: params.status), field: prefix)
        try Checks.optionalText(params.key, field: field("key"), max: Checks.maxTitleLength)
        try Checks.effectiveTime(params.at, now: clock(), field: field("at"))
        return NewEvent(event, effectiveAt: params.at, actor: peer.user, idempotencyKey: params.key)
    }

    /// Aims a check-in at the objective or key result its id names.
    private static func resolve(_ event: inout NewEvent, in model: borrowing OKRModel, field: String) throws(DomainError) {
        guard case .checkInRecorded(let checkIn) = event.payload else { return }
        event.payload = .checkInRecorded(try EventChecks.resolvingSubject(checkIn, in: model, field: field))
    }

}
