import OKREvents
import OKRProjections

extension HookNoticeDeriver {
    /// `inbox` (SPEC §15): a check-in or retrospective its author's reviewer is to read, sent to
    /// hooks narrowed to that reviewer as the owner.
    func inboxNotices(_ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let (_, after) = perspectives(event)
        guard let item = model.rituals.reviewItem(seq: event.seq), let reviewer = model.person(item.author, after)?.reviewer else { return [] }
        let author = SafeText.visible(item.author)
        let subject = SafeText.visible(item.subject)
        let what = item.kind == .checkin ? "checked in on \(subject)" : "recorded a retrospective on \(subject)"
        let note = item.note.map { ": “\(SafeText.visible($0))”" } ?? ""
        return [HookNotice(kind: .inbox, seq: event.seq, subject: item.subject, team: nil, owner: reviewer,
                           title: "\(author) \(what)",
                           line: "For \(SafeText.visible(reviewer)) to acknowledge: \(author) \(what)\(note) (okrctl ack \(event.seq))",
                           facts: [.init(label: "From", value: author), .init(label: "On", value: subject),
                                   .init(label: "Reviewer", value: SafeText.visible(reviewer)), .init(label: "Seq", value: String(event.seq))],
                           at: event.recordedAt, event: Self.json(event), subjectJSON: "null")]
    }

    /// `checkin` for a check-in on an objective: the objective's own confidence and status.
    func objectiveCheckInNotices(_ checkIn: CheckInRecorded, _ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let (_, after) = perspectives(event)
        guard let id = checkIn.objective, let objective = model.objectives[id]?.current(after) else { return [] }
        let author = SafeText.visible(checkIn.author ?? event.actor)
        var parts: [String] = []
        if let confidence = checkIn.confidence { parts.append("confidence \(confidence)/10") }
        if let word = checkIn.status { parts.append(word.rawValue) }
        if let note = checkIn.note, !note.isEmpty { parts.append("“\(SafeText.visible(note))”") }
        let name = "\(SafeText.visible(id)) “\(SafeText.visible(objective.title))” (\(SafeText.visible(objective.owner ?? "no owner")), "
            + "team \(SafeText.visible(objective.team)))"
        return [HookNotice(kind: .checkin, seq: event.seq, subject: id, team: objective.team, owner: objective.owner,
                           title: "\(SafeText.visible(id)) checked in by \(author)",
                           line: "\(name): check-in by \(author)" + (parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")),
                           facts: [.init(label: "Objective", value: SafeText.visible(id)),
                                   .init(label: "Owner", value: SafeText.visible(objective.owner ?? "none")),
                                   .init(label: "Team", value: SafeText.visible(objective.team))],
                           at: event.recordedAt, event: Self.json(event), subjectJSON: "null")]
    }
}
