import OKREvents
import OKRProjections
import OKRWire

/// The rules an event keeps to be appended, whoever brings it: the command that makes it and an
/// import check the same event with the same function (SPEC §8: the import checks every event
/// exactly as the command that makes it would). Each answers the event as it is stored (a
/// multi-line field's CR LF as LF) or throws 1004 naming the field, 1000 for what is missing,
/// 1001 for an id taken.
enum EventChecks {
    static func cycle(_ cycle: CycleDefined) throws(DomainError) -> CycleDefined {
        try Checks.id(cycle.id)
        try Checks.text(cycle.name, field: "name", max: Checks.maxTitleLength)
        guard cycle.end >= cycle.start else { throw .validation("end \(cycle.end) is before start \(cycle.start)", field: "end") }
        return cycle
    }

    static func person(_ person: PersonRecorded) throws(DomainError) -> PersonRecorded {
        try Checks.personID(person.id)
        try Checks.optionalText(person.name, field: "name", max: Rules.maxNameLength)
        if let email = person.email { try Checks.email(email) }
        for team in person.teams { try Checks.team(team) }
        return person
    }

    /// An objective defined at `at`: its fields, its cycle (known, not closed), owner, strategy,
    /// parents (known, not dropped, within the alignment limits, no loop), lineage, and an unused id.
    static func objective(_ objective: ObjectiveCreated, in model: borrowing OKRModel, at: Instant,
                          now: Instant) throws(DomainError) -> ObjectiveCreated {
        try Checks.text(objective.title, field: "title", max: Checks.maxTitleLength)
        try Checks.id(objective.id)
        try Checks.id(objective.cycle, field: "cycle")
        try Checks.team(objective.team)
        let parents = try Rules.checkParents(objective.parents.map { ObjectiveParentParam(id: $0.id, weight: $0.weight) })
        if let strategy = objective.strategy { try Checks.id(strategy, field: "strategy") }
        if let owner = objective.owner { try Checks.personID(owner, field: "owner") }
        if let source = objective.carriedFrom { try Checks.id(source, field: "carriedFrom") }
        if parents.contains(where: { $0.id == objective.id }) {
            throw .validation("'\(objective.id)' cannot be its own parent", field: "parent")
        }
        var checked = objective
        checked.details = try details(objective.details, in: model)
        guard let cycle = model.cycles[objective.cycle] else { throw .notFound("cycle", objective.cycle) }
        if let owner = objective.owner { try Checks.owner(owner, in: model) }
        guard cycle.closes.entries.isEmpty else {
            throw .validation("cycle '\(objective.cycle)' is closed: no new objectives", field: "cycle")
        }
        try Rules.requireParents(parents, of: objective.id, in: model, at: at, now: now)
        if let strategy = objective.strategy, model.strategies[strategy] == nil { throw .notFound("strategy choice", strategy) }
        if let source = objective.carriedFrom, model.objectives[source] == nil { throw .notFound("objective", source) }
        try Rules.requireUnusedSubjectID(objective.id, in: model)
        return checked
    }

    /// A key result: its fields, its objective (known, not dropped), owner, lineage, an unused id.
    static func keyResult(_ keyResult: KeyResultCreated, in model: borrowing OKRModel) throws(DomainError) -> KeyResultCreated {
        try Checks.text(keyResult.title, field: "title", max: Checks.maxTitleLength)
        try Checks.id(keyResult.id)
        try Checks.id(keyResult.objective, field: "objective")
        try Checks.metric(keyResult.metric)
        try Checks.optionalText(keyResult.unit, field: "unit", max: 32)
        try Checks.finite(keyResult.target, field: "target")
        if keyResult.kind == .milestone {
            guard keyResult.target == 1 else { throw .validation("a milestone's target is 1 (done); leave --target out", field: "target") }
        }
        if let baseline = keyResult.baseline {
            try Checks.finite(baseline, field: "baseline")
            guard keyResult.kind == .milestone || baseline != keyResult.target else {
                throw .validation("target equals baseline (\(keyResult.target.plainText)): nothing to move", field: "target")
            }
        }
        try Checks.weight(keyResult.weight)
        if let owner = keyResult.owner { try Checks.personID(owner, field: "owner") }
        if let team = keyResult.team { try Checks.team(team) }
        if let source = keyResult.carriedFrom { try Checks.id(source, field: "carriedFrom") }
        var checked = keyResult
        checked.details = try details(keyResult.details, in: model)
        if let owner = keyResult.owner { try Checks.owner(owner, in: model) }
        guard let objective = model.objectives[keyResult.objective] else {
            throw model.keyResults[keyResult.objective] != nil
                ? .validation("'\(keyResult.objective)' is a key result; a key result belongs to an objective", field: "objective")
                : .notFound("objective", keyResult.objective)
        }
        guard objective.drops.entries.isEmpty else {
            throw .validation("objective '\(keyResult.objective)' is dropped", field: "objective")
        }
        if let source = keyResult.carriedFrom, model.keyResults[source] == nil { throw .notFound("key result", source) }
        try Rules.requireUnusedSubjectID(keyResult.id, in: model)
        return checked
    }

    /// A check-in on a key result or objective that exists and is not dropped; `prefix` leads
    /// the field names.
    static func checkIn(_ checkIn: CheckInRecorded, in model: borrowing OKRModel, field prefix: String = "") throws(DomainError) -> CheckInRecorded {
        var checked = try checkInForm(checkIn, field: prefix)
        if let objective = checkIn.objective {
            _ = try Rules.objective(objective, in: model)
        } else {
            try Rules.requireOpenKeyResult(checkIn.kr, in: model, field: prefix + "kr")
        }
        if let author = checkIn.author { try Checks.owner(author, in: model, field: prefix + "author") }
        checked.author = checkIn.author
        return checked
    }

    /// A check-in's own fields, before the model is read: the key result's id, a confidence from
    /// 0 to 10, the note (CR LF stored as LF), and at least one of confidence, status or note.
    static func checkInForm(_ checkIn: CheckInRecorded, field prefix: String = "") throws(DomainError) -> CheckInRecorded {
        try Checks.id(checkIn.subject, field: prefix + (checkIn.objective == nil ? "kr" : "objective"))
        try Checks.confidence(checkIn.confidence, field: prefix + "confidence")
        var checked = checkIn
        checked.note = try Checks.optionalText(checkIn.note, field: prefix + "note", shape: .lines)
        guard checked.confidence != nil || checked.status != nil || checked.note != nil else {
            throw .validation("a check-in needs a confidence, a status or a note", field: prefix + "confidence")
        }
        if let author = checkIn.author { try Checks.personID(author, field: prefix + "author") }
        return checked
    }

    /// `checkIn` aimed at what its `kr` names: the objective when it names one (objectives and
    /// key results share one id space), else the key result, which must be open.
    static func resolvingSubject(_ checkIn: CheckInRecorded, in model: borrowing OKRModel, field: String) throws(DomainError) -> CheckInRecorded {
        guard checkIn.objective == nil, model.objectives[checkIn.kr] != nil else {
            try Rules.requireOpenKeyResult(checkIn.subject, in: model, field: field)
            return checkIn
        }
        guard model.objectives[checkIn.kr]?.drops.entries.isEmpty == true else {
            throw .validation("objective '\(checkIn.kr)' is dropped", field: field)
        }
        var resolved = checkIn
        resolved.objective = checkIn.kr
        resolved.kr = ""
        return resolved
    }

    /// A plan for a progress key result that exists and is not dropped, its checkpoints inside
    /// the key result's cycle after its first day, each day once, each value finite.
    static func plan(_ plan: KeyResultPlanned, in model: borrowing OKRModel, now: Instant) throws(DomainError) -> KeyResultPlanned {
        var days = Set<CalendarDay>()
        for (index, checkpoint) in plan.checkpoints.enumerated() {
            try Checks.finite(checkpoint.value, field: "checkpoints[\(index)]")
            guard days.insert(checkpoint.day).inserted else {
                throw .validation("checkpoint \(checkpoint.day) is given twice", field: "checkpoints[\(index)]")
            }
        }
        let record = try Rules.keyResult(plan.id, in: model)
        guard record.drops.entries.isEmpty else { throw .validation("key result '\(plan.id)' is dropped", field: "id") }
        let definition = record.defined.definition
        guard definition.kind == .progress || plan.checkpoints.isEmpty else {
            throw .validation("'\(plan.id)' is a \(definition.kind.rawValue) key result: only a progress key result "
                              + "moves along a plan", field: "id")
        }
        let objective = record.objective(Perspective(at: now))
        guard let cycleID = model.objectives[objective]?.defined.definition.cycle, let cycle = model.cycles[cycleID] else {
            throw .notFound("cycle of objective", objective)
        }
        let (first, last) = (cycle.defined.definition.start, cycle.defined.definition.end)
        for (index, checkpoint) in plan.checkpoints.enumerated() where checkpoint.day <= first || checkpoint.day > last {
            throw .validation("checkpoint \(checkpoint.day) is outside cycle '\(cycle.defined.definition.id)' "
                              + "(after \(first), through \(last))", field: "checkpoints[\(index)]")
        }
        return KeyResultPlanned(id: plan.id, checkpoints: plan.checkpoints.sorted { $0.day < $1.day })
    }

    /// An observation: a valid metric key, a finite value, a one-line source and key.
    static func observation(_ observation: MetricObserved) throws(DomainError) -> MetricObserved {
        try Checks.metric(observation.metric)
        try Checks.finite(observation.value, field: "value")
        try Checks.optionalText(observation.source, field: "source", max: Checks.maxTitleLength)
        try Checks.optionalText(observation.key, field: "key", max: Checks.maxTitleLength)
        return observation
    }

    /// What an import brought beyond okr's fields: a multi-line description, at most 64 tags and
    /// 64 check-in owners, people that are recorded.
    static func details(_ details: GoalDetails?, in model: borrowing OKRModel) throws(DomainError) -> GoalDetails? {
        guard var details else { return nil }
        details.description = try Checks.optionalText(details.description, field: "description", shape: .lines)
        guard details.tags.count <= 64 else { throw .validation("\(details.tags.count) tags; the limit is 64", field: "tags") }
        for tag in details.tags { try Checks.text(tag, field: "tags", max: 64) }
        if let delegate = details.delegate { try Checks.owner(delegate, in: model, field: "delegate") }
        guard details.checkInOwners.count <= 64 else {
            throw .validation("\(details.checkInOwners.count) check-in owners; the limit is 64", field: "checkInOwners")
        }
        for owner in details.checkInOwners { try Checks.owner(owner, in: model, field: "checkInOwners") }
        return details
    }
}
