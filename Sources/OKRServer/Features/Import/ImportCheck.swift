import OKREvents
import OKRProjections
import OKRWire

/// Checks an import's events one by one against the model as it would stand after the ones
/// before it, as the commands that make such events check them: every id, text and number in
/// form, every reference to something okr has or the import defines before it, nothing defined
/// twice. An error names the event by its key (which holds the source's record ID) and nothing
/// is appended. What okr already has in its own form (a cycle of the same dates, a person) is
/// kept and the event left out, said in ``kept``.
struct ImportCheck {
    /// The model with the events accepted so far folded in.
    private(set) var model: OKRModel
    let now: Instant
    private(set) var kept: [ImportCommitResult.Kept] = []
    private var nextSeq: UInt64

    init(model: OKRModel, now: Instant) {
        self.model = model
        self.now = now
        nextSeq = model.lastSeq + 1
    }

    /// The event as it is to be appended (its text as stored: a CR LF note as LF), or `nil`
    /// when okr already has it in its own form. Throws when it cannot be imported.
    mutating func admit(_ event: ImportEvent) throws(DomainError) -> EventPayload? {
        do {
            try Checks.effectiveTime(event.at, now: now)
            guard let payload = try check(event) else { return nil }
            if payload.type != .metricObserved {
                model.fold(StoredEvent(seq: nextSeq, id: .init(), recordedAt: now, effectiveAt: event.at, actor: "import", payload: payload))
                nextSeq += 1
            }
            return payload
        } catch {
            throw error.reworded { "\(event.key.prefix(80)): \($0); nothing was appended" }
        }
    }

    /// Each event by ``EventChecks``, as the command that makes it checks it; what okr already
    /// has in its own form is kept (``kept``) and answers `nil`.
    private mutating func check(_ event: ImportEvent) throws(DomainError) -> EventPayload? {
        switch event.payload {
        case .cycleDefined(let cycle):
            let cycle = try EventChecks.cycle(cycle)
            if let existing = model.cycles[cycle.id]?.defined.definition {
                guard existing.start == cycle.start, existing.end == cycle.end else {
                    throw .conflict("cycle '\(cycle.id)' is already in okr from \(existing.start) to \(existing.end), "
                                    + "not \(cycle.start) to \(cycle.end)", id: cycle.id)
                }
                kept.append(.init(key: event.key, reason: "cycle '\(cycle.id)' is already in okr with these dates: kept as it is"))
                return nil
            }
            return .cycleDefined(cycle)
        case .personRecorded(let person):
            let person = try EventChecks.person(person)
            if model.people[person.id] != nil {
                kept.append(.init(key: event.key, reason: "person '\(person.id)' is already in okr: kept as recorded there"))
                return nil
            }
            return .personRecorded(person)
        case .objectiveCreated(let objective):
            return .objectiveCreated(try EventChecks.objective(objective, in: model, at: event.at, now: now))
        case .keyResultCreated(let keyResult):
            return .keyResultCreated(try EventChecks.keyResult(keyResult, in: model))
        case .keyResultPlanned(let plan):
            return .keyResultPlanned(try EventChecks.plan(plan, in: model, now: now))
        case .metricObserved(let observation):
            guard observation.key == nil else { throw .validation("an imported observation is keyed by its event", field: "key") }
            return .metricObserved(try EventChecks.observation(observation))
        case .checkInRecorded(let checkIn):
            if let record = model.keyResults[checkIn.kr], !record.drops.entries.isEmpty {
                // Dropped in okr after an earlier import: the later export's check-ins on it stay out.
                kept.append(.init(key: event.key, reason: "key result '\(checkIn.kr)' is dropped in okr: check-in not imported"))
                return nil
            }
            if let objective = checkIn.objective, let record = model.objectives[objective], !record.drops.entries.isEmpty {
                kept.append(.init(key: event.key, reason: "objective '\(objective)' is dropped in okr: check-in not imported"))
                return nil
            }
            return .checkInRecorded(try EventChecks.checkIn(checkIn, in: model))
        default:
            throw .validation("an import brings cycles, people, objectives, key results, plans, observations and check-ins, "
                              + "not \(event.payload.type.rawValue)", field: "type")
        }
    }
}
