import OKREvents

/// Plans an `apply`: the events that bring the log in line with an OKR file (named `source` in
/// reasons): creations for what is new, updates and retargets for what changed, drops for the
/// objectives and key results of the file's cycles that the file no longer lists. Applying a
/// file twice plans nothing the second time. Refuses, with ``PlanError``, a file that contradicts
/// what cannot change.
public struct ApplyPlanner {
    let model: OKRModel
    let document: OKRDocument
    let source: String
    let perspective: Perspective
    /// People in the log or in the file: the owners an objective or key result may name.
    let knownPeople: Set<String>
    private(set) var changes: [PlannedChange] = []

    public init(model: OKRModel, document: OKRDocument, source: String, now: Instant) {
        self.model = model
        self.document = document
        self.source = source
        perspective = Perspective(at: now)
        knownPeople = Set(model.people.keys).union(document.people.map(\.definition.id))
    }

    /// The changes, in the order they are to be appended.
    public consuming func plan() throws(PlanError) -> [PlannedChange] {
        try Self.requireUnique(document)
        planPeople()
        try planCycles()
        try planStrategy()
        try planObjectives()
        try requireNoLoop()
        planDrops()
        try planKPIs()
        try planInitiatives()
        try planRetros()
        return changes
    }

    mutating func add(_ action: PlannedChange.Action, _ kind: String, _ id: String, _ detail: String,
                      _ payload: EventPayload, at: Instant? = nil) {
        changes.append(PlannedChange(action: action, kind: kind, id: id, detail: detail, payload: payload, effectiveAt: at))
    }

    private mutating func planPeople() {
        for person in document.people {
            let wanted = person.definition
            if let existing = model.person(wanted.id, perspective) {
                guard existing != wanted else { continue }
                add(.update, "person", wanted.id, Self.personChanges(existing, wanted), .personRecorded(wanted), at: person.at)
            } else {
                add(.create, "person", wanted.id, wanted.name ?? wanted.id, .personRecorded(wanted), at: person.at)
            }
        }
    }

    /// Refuses an owner who is neither in the log nor among the file's people.
    func requireKnown(_ owner: String?, of what: String) throws(PlanError) {
        guard let owner, !knownPeople.contains(owner) else { return }
        throw PlanError("\(what) names owner \(owner), who is neither in the log nor in the file: add a [[person]]")
    }

    private mutating func planCycles() throws(PlanError) {
        for cycle in document.cycles {
            let wanted = cycle.definition
            if let existing = model.cycles[wanted.id]?.defined.definition {
                guard existing.start == wanted.start, existing.end == wanted.end, existing.name == wanted.name else {
                    throw PlanError("cycle \(wanted.id) is \(existing.name) \(existing.start)–\(existing.end) in the log; "
                        + "the file says \(wanted.name) \(wanted.start)–\(wanted.end): a cycle cannot change")
                }
            } else {
                add(.create, "cycle", wanted.id, "\(wanted.name) \(wanted.start) → \(wanted.end)", .cycleDefined(wanted), at: cycle.at)
            }
        }
        for star in document.northStars {
            let wanted = star.definition
            if let existing = model.northStars[wanted.id]?.definition {
                guard existing == wanted else { throw PlanError("north star \(wanted.id) differs from the log's: a north star cannot change") }
            } else {
                add(.create, "northstar", wanted.id, "\(wanted.name) (\(wanted.metric))", .northStarDefined(wanted), at: star.at)
            }
        }
    }

    private mutating func planStrategy() throws(PlanError) {
        let knownNorthStars = Set(model.northStars.keys).union(document.northStars.map(\.definition.id))
        for strategy in document.strategies {
            let wanted = strategy.definition
            guard knownNorthStars.contains(wanted.northStar) else {
                throw PlanError("strategy \(wanted.id) names north star \(wanted.northStar), which is neither in the log nor in the file")
            }
            if let existing = model.strategies[wanted.id]?.definition {
                guard existing == wanted else { throw PlanError("strategy \(wanted.id) differs from the log's: a strategy choice cannot change") }
            } else {
                add(.create, "strategy", wanted.id, wanted.statement, .strategyChoiceRecorded(wanted), at: strategy.at)
            }
        }
    }

    private mutating func planObjectives() throws(PlanError) {
        let knownCycles = Set(model.cycles.keys).union(document.cycles.map(\.definition.id))
        let knownStrategies = Set(model.strategies.keys).union(document.strategies.map(\.definition.id))
        let fileObjectives = Set(document.objectives.map(\.definition.id))
        let fileCycles = Dictionary(document.cycles.map { ($0.definition.id, $0.definition) }) { first, _ in first }
        for spec in Self.parentsFirst(document.objectives) {
            let wanted = spec.definition
            guard knownCycles.contains(wanted.cycle) else { throw PlanError("objective \(wanted.id) names cycle \(wanted.cycle), which does not exist") }
            for parent in wanted.parents where model.objectives[parent.id] == nil && !fileObjectives.contains(parent.id) {
                throw PlanError("objective \(wanted.id) names parent \(parent.id), which does not exist")
            }
            if let strategy = wanted.strategy, !knownStrategies.contains(strategy) {
                throw PlanError("objective \(wanted.id) names strategy \(strategy), which does not exist")
            }
            if model.keyResults[wanted.id] != nil { throw PlanError("\(wanted.id) is a key result's id; objectives and key results share ids") }
            try requireKnown(wanted.owner, of: "objective \(wanted.id)")
            for keyResult in spec.keyResults { try requireKnown(keyResult.definition.owner, of: "key result \(keyResult.definition.id)") }
            try planObjective(spec)
            try planKeyResults(spec, fileCycles: fileCycles)
        }
    }

    /// The creation of a new objective, or what changed in one the log has.
    private mutating func planObjective(_ spec: OKRDocument.Objective) throws(PlanError) {
        let wanted = spec.definition
        guard let record = model.objectives[wanted.id] else {
            add(.create, "objective", wanted.id, "\(wanted.team): \(wanted.title)", .objectiveCreated(wanted), at: spec.at)
            return
        }
        guard !record.drops.any(perspective) else { throw PlanError("objective \(wanted.id) was dropped; declare it under a new id") }
        let existing = record.current(perspective)
        guard existing.cycle == wanted.cycle, existing.team == wanted.team else {
            throw PlanError("objective \(wanted.id) is \(existing.team)'s in \(existing.cycle) in the log; the file says "
                + "\(wanted.team)'s in \(wanted.cycle): an objective cannot move (drop it and declare a new one)")
        }
        let (update, details) = Self.update(from: existing, to: wanted)
        if !details.isEmpty { add(.update, "objective", wanted.id, details.joined(separator: "; "), .objectiveUpdated(update)) }
        for old in existing.parents where !wanted.parents.contains(where: { $0.id == old.id }) {
            add(.unalign, "objective", wanted.id, "no longer under \(old.id)",
                .objectiveUnaligned(ObjectiveUnaligned(id: wanted.id, parent: old.id)))
        }
        for new in wanted.parents where !existing.parents.contains(new) {
            add(.align, "objective", wanted.id, "under \(new.id) with weight \(Wording.number(new.weight))",
                .objectiveAligned(ObjectiveAligned(id: wanted.id, parent: new.id, weight: new.weight)))
        }
    }

    /// The update of an objective's title, kind, progress, strategy and owner, with what each
    /// change says.
    private static func update(from existing: ObjectiveCreated, to wanted: ObjectiveCreated) -> (ObjectiveUpdated, [String]) {
        var update = ObjectiveUpdated(id: wanted.id)
        var details: [String] = []
        if existing.title != wanted.title { update.title = wanted.title; details.append("title → \"\(wanted.title)\"") }
        if existing.kind != wanted.kind { update.kind = wanted.kind; details.append("\(existing.kind.rawValue) → \(wanted.kind.rawValue)") }
        if existing.progress != wanted.progress {
            update.progress = wanted.progress
            details.append("progress from \(existing.progress.rawValue) → \(wanted.progress.rawValue)")
        }
        if existing.strategy != wanted.strategy {
            update.strategy = wanted.strategy ?? ""
            details.append("strategy \(existing.strategy ?? "none") → \(wanted.strategy ?? "none")")
        }
        if existing.owner != wanted.owner {
            update.owner = wanted.owner ?? ""
            details.append("owner \(existing.owner ?? "none") → \(wanted.owner ?? "none")")
        }
        return (update, details)
    }

    /// Drops: what the log has in the file's cycles that the file no longer lists.
    private mutating func planDrops() {
        let fileObjectives = Set(document.objectives.map(\.definition.id))
        for cycle in Set(document.cycles.map(\.definition.id)).sorted() {
            for record in model.activeObjectives(in: cycle, perspective) where !fileObjectives.contains(record.defined.definition.id) {
                let id = record.defined.definition.id
                add(.drop, "objective", id, "not in \(source)", .objectiveDropped(ObjectiveDropped(id: id, reason: "removed from \(source)")))
            }
        }
    }
}
