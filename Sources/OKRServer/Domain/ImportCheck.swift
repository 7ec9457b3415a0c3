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

    /// Whether `event` is to be appended: `false` when okr already has it in its own form.
    /// Throws when it cannot be imported.
    mutating func admit(_ event: ImportEvent) throws(RPCError) -> Bool {
        do {
            try Checks.effectiveTime(event.at, now: now)
            let admitted = try check(event)
            if admitted, event.payload.type != .metricObserved {
                model.fold(StoredEvent(seq: nextSeq, id: .init(), recordedAt: now, effectiveAt: event.at, actor: "import", payload: event.payload))
                nextSeq += 1
            }
            return admitted
        } catch {
            throw RPCError(code: error.code, message: "\(event.key.prefix(80)): \(error.message); nothing was appended", data: error.data)
        }
    }

    private mutating func check(_ event: ImportEvent) throws(RPCError) -> Bool {
        switch event.payload {
        case .cycleDefined(let cycle):
            try Checks.id(cycle.id)
            try Checks.text(cycle.name, field: "name", max: Checks.maxTitleLength)
            guard cycle.end >= cycle.start else { throw .validation("end \(cycle.end) is before start \(cycle.start)", field: "end") }
            if let existing = model.cycles[cycle.id]?.defined.definition {
                guard existing.start == cycle.start, existing.end == cycle.end else {
                    throw .conflict("cycle '\(cycle.id)' is already in okr from \(existing.start) to \(existing.end), "
                                    + "not \(cycle.start) to \(cycle.end)", id: cycle.id)
                }
                kept.append(.init(key: event.key, reason: "cycle '\(cycle.id)' is already in okr with these dates: kept as it is"))
                return false
            }
        case .personRecorded(let person):
            try Checks.personID(person.id)
            try Checks.optionalText(person.name, field: "name", max: Checks.maxTitleLength)
            if let email = person.email { try Checks.email(email) }
            for team in person.teams { try Checks.team(team) }
            if model.people[person.id] != nil {
                kept.append(.init(key: event.key, reason: "person '\(person.id)' is already in okr: kept as recorded there"))
                return false
            }
        case .objectiveCreated(let objective):
            try Checks.id(objective.id)
            try Checks.text(objective.title, field: "title", max: Checks.maxTitleLength)
            try Checks.team(objective.team)
            try checkDetails(objective.details)
            guard model.cycles[objective.cycle] != nil else { throw .notFound("cycle", objective.cycle) }
            if let owner = objective.owner { try Checks.owner(owner, in: model) }
            if let strategy = objective.strategy, model.strategies[strategy] == nil { throw .notFound("strategy choice", strategy) }
            let parents = try CommandProcessor.checkParents(objective.parents.map { ObjectiveParentParam(id: $0.id, weight: $0.weight) })
            try CommandProcessor.requireUnusedSubjectID(objective.id, in: model)
            try CommandProcessor.requireParents(parents, of: objective.id, in: model, at: event.at, now: now)
        case .keyResultCreated(let keyResult):
            try Checks.id(keyResult.id)
            try Checks.text(keyResult.title, field: "title", max: Checks.maxTitleLength)
            try Checks.metric(keyResult.metric)
            try Checks.optionalText(keyResult.unit, field: "unit", max: 32)
            try Checks.finite(keyResult.target, field: "target")
            if let baseline = keyResult.baseline {
                try Checks.finite(baseline, field: "baseline")
                guard keyResult.kind == .milestone || baseline != keyResult.target else {
                    throw .validation("target equals baseline (\(keyResult.target.plainText)): nothing to move", field: "target")
                }
            }
            guard keyResult.kind != .milestone || keyResult.target == 1 else { throw .validation("a milestone's target is 1", field: "target") }
            try Checks.weight(keyResult.weight)
            if let team = keyResult.team { try Checks.team(team) }
            try checkDetails(keyResult.details)
            if let owner = keyResult.owner { try Checks.owner(owner, in: model) }
            guard model.objectives[keyResult.objective] != nil else { throw .notFound("objective", keyResult.objective) }
            try CommandProcessor.requireUnusedSubjectID(keyResult.id, in: model)
        case .keyResultPlanned(let plan):
            let record = try CommandProcessor.keyResult(plan.id, in: model)
            guard record.defined.definition.kind == .progress else {
                throw .validation("only a progress key result follows a plan", field: "checkpoints")
            }
            let cycleID = model.objectives[record.defined.definition.objective]?.defined.definition.cycle ?? ""
            guard let cycle = model.cycles[cycleID]?.defined.definition else { throw .notFound("cycle", cycleID) }
            var days = Set<CalendarDay>()
            for checkpoint in plan.checkpoints {
                try Checks.finite(checkpoint.value, field: "checkpoints")
                guard checkpoint.day > cycle.start, checkpoint.day <= cycle.end else {
                    throw .validation("checkpoint \(checkpoint.day) is not inside cycle '\(cycle.id)' after its first day", field: "checkpoints")
                }
                guard days.insert(checkpoint.day).inserted else { throw .validation("checkpoint \(checkpoint.day) is given twice", field: "checkpoints") }
            }
        case .metricObserved(let observation):
            try Checks.metric(observation.metric)
            try Checks.finite(observation.value, field: "value")
            try Checks.optionalText(observation.source, field: "source", max: Checks.maxTitleLength)
            guard observation.key == nil else { throw .validation("an imported observation is keyed by its event", field: "key") }
        case .checkInRecorded(let checkIn):
            let record = try CommandProcessor.keyResult(checkIn.kr, in: model)
            guard record.drops.entries.isEmpty else {
                // Dropped in okr after an earlier import: the later export's check-ins on it stay out.
                kept.append(.init(key: event.key, reason: "key result '\(checkIn.kr)' is dropped in okr: check-in not imported"))
                return false
            }
            try Checks.confidence(checkIn.confidence)
            try Checks.optionalText(checkIn.note, field: "note", shape: .lines)
            guard checkIn.confidence != nil || checkIn.status != nil || checkIn.note != nil else {
                throw .validation("a check-in needs a confidence, a status or a note", field: "confidence")
            }
            if let author = checkIn.author { try Checks.owner(author, in: model, field: "author") }
        default:
            throw .validation("an import brings cycles, people, objectives, key results, plans, observations and check-ins, "
                              + "not \(event.payload.type.rawValue)", field: "type")
        }
        return true
    }

    private func checkDetails(_ details: GoalDetails?) throws(RPCError) {
        guard let details else { return }
        try Checks.optionalText(details.description, field: "description", shape: .lines)
        guard details.tags.count <= 64 else { throw .validation("\(details.tags.count) tags; the limit is 64", field: "tags") }
        for tag in details.tags { try Checks.text(tag, field: "tags", max: 64) }
        if let delegate = details.delegate { try Checks.owner(delegate, in: model, field: "delegate") }
        guard details.checkInOwners.count <= 64 else { throw .validation("\(details.checkInOwners.count) check-in owners; the limit is 64", field: "checkInOwners") }
        for owner in details.checkInOwners { try Checks.owner(owner, in: model, field: "checkInOwners") }
    }
}
