import OKREvents
import OKRProjections
import OKRWire

/// Reviewers read what the people they review record (SPEC §15): `ack` marks a check-in or
/// retrospective read, `inbox` lists what is still to read.
struct AcknowledgementsFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.ack) { (params, peer) throws(DomainError) in try await acknowledge(params, by: peer) }
        table.add(Methods.inbox) { (_, peer) throws(DomainError) in inbox(for: peer) }
    }

    func acknowledge(_ params: AckParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let note = try Checks.optionalText(params.note, field: "note", shape: .lines)
        try Checks.effectiveTime(params.at, now: clock())
        let seq = params.seq
        guard seq > 0, seq <= store.read({ $0.lastSeq }) else {
            throw .validation("seq \(seq) is not in the log", field: "seq")
        }
        return try await serially { () throws(DomainError) in
            let item = store.read { $0.rituals.reviewItem(seq: seq) }
            guard let item else { throw try refusal(seq) }
            try store.read { (model) throws(DomainError) in
                let reviewer = model.person(item.author, Perspective(at: clock()))?.reviewer
                guard reviewer == peer.user else {
                    let who = reviewer.map { "their reviewer is \($0)" } ?? "they have no reviewer"
                    throw .validation("only \(item.author)'s reviewer may acknowledge seq \(seq); \(who), not \(peer.user)", field: "seq")
                }
                guard model.rituals.acknowledgements[seq]?.contains(where: { $0.by == peer.user }) != true else {
                    throw .validation("\(peer.user) has already acknowledged seq \(seq)", field: "seq")
                }
            }
            return try await appendOne(NewEvent(Acknowledged(seq: seq, note: note), effectiveAt: params.at, actor: peer.user),
                                       id: String(seq))
        }
    }

    /// Why the event at `seq`, which no reviewer is to read, cannot be acknowledged.
    private func refusal(_ seq: UInt64) throws(DomainError) -> DomainError {
        let event: StoredEvent?
        do {
            event = try log.events(from: seq, limit: 1).first
        } catch {
            throw DomainError(error)
        }
        guard let event, event.seq == seq else { return .validation("seq \(seq) is not in the log", field: "seq") }
        switch event.type {
        case .checkInRecorded, .retrospectiveRecorded:
            return .validation("seq \(seq) was recorded while \(event.actor) had no reviewer; there is nothing to acknowledge", field: "seq")
        default:
            return .validation("seq \(seq) is a \(event.type.rawValue), not a check-in or a retrospective", field: "seq")
        }
    }

    func inbox(for peer: Peer) -> InboxReport {
        store.read { $0.answer(InboxQuery(reviewer: peer.user, Perspective(at: clock()))) }
    }
}
