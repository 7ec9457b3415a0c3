import OKREvents

extension OKRModel {
    /// The events that bring the log in line with `document` (named `source` in reasons):
    /// creations for what is new, updates and retargets for what changed, drops for the
    /// objectives and key results of the file's cycles that the file no longer lists.
    /// Applying a file twice plans nothing the second time.
    public func plan(_ document: OKRDocument, source: String, now: Instant) throws(PlanError) -> [PlannedChange] {
        let perspective = Perspective(at: now)
        var changes: [PlannedChange] = []
        func add(_ action: PlannedChange.Action, _ kind: String, _ id: String, _ detail: String,
                 _ payload: EventPayload, at: Instant? = nil) {
            changes.append(PlannedChange(action: action, kind: kind, id: id, detail: detail, payload: payload, effectiveAt: at))
        }
        try Self.requireUnique(document)

        for person in document.people {
            let wanted = person.definition
            if let existing = self.person(wanted.id, perspective) {
                guard existing != wanted else { continue }
                add(.update, "person", wanted.id, Self.personChanges(existing, wanted), .personRecorded(wanted), at: person.at)
            } else {
                add(.create, "person", wanted.id, wanted.name ?? wanted.id, .personRecorded(wanted), at: person.at)
            }
        }
        let knownPeople = Set(people.keys).union(document.people.map(\.definition.id))
        func requireKnown(_ owner: String?, of what: String) throws(PlanError) {
            guard let owner, !knownPeople.contains(owner) else { return }
            throw PlanError("\(what) names owner \(owner), who is neither in the log nor in the file: add a [[person]]")
        }

        for cycle in document.cycles {
            let wanted = cycle.definition
            if let existing = cycles[wanted.id]?.defined.definition {
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
            if let existing = northStars[wanted.id]?.definition {
                guard existing == wanted else { throw PlanError("north star \(wanted.id) differs from the log's: a north star cannot change") }
            } else {
                add(.create, "northstar", wanted.id, "\(wanted.name) (\(wanted.metric))", .northStarDefined(wanted), at: star.at)
            }
        }
        let knownNorthStars = Set(northStars.keys).union(document.northStars.map(\.definition.id))
        for strategy in document.strategies {
            let wanted = strategy.definition
            guard knownNorthStars.contains(wanted.northStar) else {
                throw PlanError("strategy \(wanted.id) names north star \(wanted.northStar), which is neither in the log nor in the file")
            }
            if let existing = strategies[wanted.id]?.definition {
                guard existing == wanted else { throw PlanError("strategy \(wanted.id) differs from the log's: a strategy choice cannot change") }
            } else {
                add(.create, "strategy", wanted.id, wanted.statement, .strategyChoiceRecorded(wanted), at: strategy.at)
            }
        }

        let knownCycles = Set(cycles.keys).union(document.cycles.map(\.definition.id))
        let knownStrategies = Set(strategies.keys).union(document.strategies.map(\.definition.id))
        let fileObjectives = Set(document.objectives.map(\.definition.id))
        let fileCycleDefinitions = Dictionary(document.cycles.map { ($0.definition.id, $0.definition) }) { first, _ in first }
        for spec in Self.parentsFirst(document.objectives) {
            let wanted = spec.definition
            guard knownCycles.contains(wanted.cycle) else { throw PlanError("objective \(wanted.id) names cycle \(wanted.cycle), which does not exist") }
            for parent in wanted.parents where objectives[parent.id] == nil && !fileObjectives.contains(parent.id) {
                throw PlanError("objective \(wanted.id) names parent \(parent.id), which does not exist")
            }
            if let strategy = wanted.strategy, !knownStrategies.contains(strategy) {
                throw PlanError("objective \(wanted.id) names strategy \(strategy), which does not exist")
            }
            if keyResults[wanted.id] != nil { throw PlanError("\(wanted.id) is a key result's id; objectives and key results share ids") }
            try requireKnown(wanted.owner, of: "objective \(wanted.id)")
            for keyResult in spec.keyResults { try requireKnown(keyResult.definition.owner, of: "key result \(keyResult.definition.id)") }
            if let record = objectives[wanted.id] {
                guard !record.drops.any(perspective) else { throw PlanError("objective \(wanted.id) was dropped; declare it under a new id") }
                let existing = record.current(perspective)
                guard existing.cycle == wanted.cycle, existing.team == wanted.team else {
                    throw PlanError("objective \(wanted.id) is \(existing.team)'s in \(existing.cycle) in the log; the file says "
                        + "\(wanted.team)'s in \(wanted.cycle): an objective cannot move (drop it and declare a new one)")
                }
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
                if !details.isEmpty { add(.update, "objective", wanted.id, details.joined(separator: "; "), .objectiveUpdated(update)) }
                for old in existing.parents where !wanted.parents.contains(where: { $0.id == old.id }) {
                    add(.unalign, "objective", wanted.id, "no longer under \(old.id)",
                        .objectiveUnaligned(ObjectiveUnaligned(id: wanted.id, parent: old.id)))
                }
                for new in wanted.parents where !existing.parents.contains(new) {
                    add(.align, "objective", wanted.id, "under \(new.id) with weight \(Self.number(new.weight))",
                        .objectiveAligned(ObjectiveAligned(id: wanted.id, parent: new.id, weight: new.weight)))
                }
            } else {
                add(.create, "objective", wanted.id, "\(wanted.team): \(wanted.title)", .objectiveCreated(wanted), at: spec.at)
            }
            try planKeyResults(spec, source: source, perspective, fileCycles: fileCycleDefinitions, add: add)
        }

        try requireNoLoop(document, perspective)

        // Drops: what the log has in the file's cycles (and under the file's objectives) that the file no longer lists.
        let fileCycles = Set(document.cycles.map(\.definition.id))
        for cycle in fileCycles.sorted() {
            for record in activeObjectives(in: cycle, perspective) where !fileObjectives.contains(record.defined.definition.id) {
                let id = record.defined.definition.id
                add(.drop, "objective", id, "not in \(source)", .objectiveDropped(ObjectiveDropped(id: id, reason: "removed from \(source)")))
            }
        }
        return changes
    }

    private func planKeyResults(_ spec: OKRDocument.Objective, source: String, _ perspective: Perspective,
                                fileCycles: [String: CycleDefined],
                                add: (PlannedChange.Action, String, String, String, EventPayload, Instant?) -> Void) throws(PlanError) {
        let objective = spec.definition.id
        for keyResult in spec.keyResults {
            let wanted = keyResult.definition
            if objectives[wanted.id] != nil { throw PlanError("\(wanted.id) is an objective's id; objectives and key results share ids") }
            try requirePlanInCycle(keyResult, in: cycles[spec.definition.cycle]?.defined.definition ?? fileCycles[spec.definition.cycle])
            let planned = KeyResultPlanned(id: wanted.id, checkpoints: keyResult.plan)
            let planText = keyResult.plan.map { "\($0.day) \(Self.number($0.value))" }.joined(separator: ", ")
            guard let record = keyResults[wanted.id] else {
                add(.create, "kr", wanted.id, "\(wanted.title) (\(wanted.metric) → \(Self.number(wanted.target)))", .keyResultCreated(wanted), keyResult.at)
                if !keyResult.plan.isEmpty { add(.plan, "kr", wanted.id, "plan \(planText)", .keyResultPlanned(planned), nil) }
                continue
            }
            guard !record.drops.any(perspective) else { throw PlanError("key result \(wanted.id) was dropped; declare it under a new id") }
            let existing = record.current(perspective)
            let original = record.defined.definition
            guard original.objective == objective, original.metric == wanted.metric, original.kind == wanted.kind,
                  original.baseline == wanted.baseline, original.unit == wanted.unit else {
                throw PlanError("key result \(wanted.id) differs from the log's in objective, metric, kind, baseline or unit, "
                    + "which cannot change: drop it and declare a new one")
            }
            var update = KeyResultUpdated(id: wanted.id)
            var details: [String] = []
            if existing.title != wanted.title { update.title = wanted.title; details.append("title → \"\(wanted.title)\"") }
            if existing.weight != wanted.weight { update.weight = wanted.weight; details.append("weight \(Self.number(existing.weight)) → \(Self.number(wanted.weight))") }
            if existing.level != wanted.level { update.level = wanted.level; details.append("\(existing.level.rawValue) → \(wanted.level.rawValue)") }
            if existing.indicator != wanted.indicator {
                update.indicator = wanted.indicator
                details.append("\(existing.indicator.rawValue) → \(wanted.indicator.rawValue)")
            }
            if existing.owner != wanted.owner {
                update.owner = wanted.owner ?? ""
                details.append("owner \(existing.owner ?? "objective's") → \(wanted.owner ?? "objective's")")
            }
            if existing.team != wanted.team {
                update.team = wanted.team ?? ""
                details.append("team \(existing.team ?? "objective's") → \(wanted.team ?? "objective's")")
            }
            if !details.isEmpty { add(.update, "kr", wanted.id, details.joined(separator: "; "), .keyResultUpdated(update), nil) }
            if record.plan(perspective) != keyResult.plan {
                add(.plan, "kr", wanted.id, keyResult.plan.isEmpty ? "plan cleared" : "plan \(planText)", .keyResultPlanned(planned), nil)
            }
            if existing.target != wanted.target {
                let reason = keyResult.reason ?? "changed in \(source)"
                add(.retarget, "kr", wanted.id, "target \(Self.number(existing.target)) → \(Self.number(wanted.target)): \(reason)",
                    .keyResultRetargeted(KeyResultRetargeted(id: wanted.id, target: wanted.target, reason: reason)), nil)
            }
        }
        let listed = Set(spec.keyResults.map(\.definition.id))
        for record in activeKeyResults(of: objective, perspective) where !listed.contains(record.defined.definition.id) {
            let id = record.defined.definition.id
            add(.drop, "kr", id, "not in \(source)", .keyResultDropped(KeyResultDropped(id: id, reason: "removed from \(source)")), nil)
        }
    }

    /// Refuses a file whose parents, with the log's for objectives the file does not declare,
    /// make a loop, naming it, or whose new links make a chain deeper than
    /// ``AlignmentGraph/maxDepth`` (SPEC §8 "Limits").
    private func requireNoLoop(_ document: OKRDocument, _ perspective: Perspective) throws(PlanError) {
        var parents: [String: [String]] = [:]
        for (id, record) in objectives { parents[id] = record.parents(perspective).map(\.id) }
        let logParents = parents
        for objective in document.objectives { parents[objective.definition.id] = objective.definition.parents.map(\.id) }
        let graph = AlignmentGraph(parents: parents)
        if let loop = graph.anyLoop(from: document.objectives.map(\.definition.id)) {
            throw PlanError("the parents make a loop: \(loop.joined(separator: " → "))")
        }
        for objective in document.objectives {
            let id = objective.definition.id
            for parent in objective.definition.parents where !(logParents[id] ?? []).contains(parent.id) {
                guard graph.depth(linking: id, under: parent.id) <= AlignmentGraph.maxDepth else {
                    throw PlanError("objective \(id) under \(parent.id) would make a chain of more than \(AlignmentGraph.maxDepth) "
                        + "objectives; the limit is an alignment depth of \(AlignmentGraph.maxDepth)")
                }
            }
        }
    }

    /// Refuses a plan checkpoint outside the key result's cycle (after its first day, through its last).
    private func requirePlanInCycle(_ keyResult: OKRDocument.KeyResult, in cycle: CycleDefined?) throws(PlanError) {
        guard !keyResult.plan.isEmpty else { return }
        guard keyResult.definition.kind == .progress else {
            throw PlanError("key result \(keyResult.definition.id) is \(keyResult.definition.kind.rawValue): only a progress key result has a plan")
        }
        guard let cycle else { return }
        for checkpoint in keyResult.plan where checkpoint.day <= cycle.start || checkpoint.day > cycle.end {
            throw PlanError("key result \(keyResult.definition.id): checkpoint \(checkpoint.day) is outside cycle \(cycle.id) "
                + "(after \(cycle.start), through \(cycle.end))")
        }
    }

    /// What a new record of a person changes, for people.
    private static func personChanges(_ existing: PersonRecorded, _ wanted: PersonRecorded) -> String {
        var details: [String] = []
        if existing.name != wanted.name { details.append("name → \(wanted.name.map { "\"\($0)\"" } ?? "none")") }
        if existing.email != wanted.email { details.append("email → \(wanted.email ?? "none")") }
        if existing.teams != wanted.teams { details.append("teams → \(wanted.teams.isEmpty ? "none" : wanted.teams.joined(separator: ", "))") }
        return details.joined(separator: "; ")
    }

    private static func requireUnique(_ document: OKRDocument) throws(PlanError) {
        var seen: [String: String] = [:]
        func check(_ id: String, _ kind: String) throws(PlanError) {
            if let other = seen[id] { throw PlanError("id \(id) is declared twice in the file (\(other) and \(kind))") }
            seen[id] = kind
        }
        for person in document.people { try check("person:" + person.definition.id, "person") }
        for cycle in document.cycles { try check("cycle:" + cycle.definition.id, "cycle") }
        for star in document.northStars { try check("northstar:" + star.definition.id, "north star") }
        for strategy in document.strategies { try check("strategy:" + strategy.definition.id, "strategy") }
        for objective in document.objectives {
            try check(objective.definition.id, "objective")
            for keyResult in objective.keyResults { try check(keyResult.definition.id, "key result") }
        }
    }

    /// Objectives ordered so that a parent declared in the file comes before its children.
    private static func parentsFirst(_ objectives: [OKRDocument.Objective]) -> [OKRDocument.Objective] {
        ParentsFirst.order(objectives, id: { $0.definition.id }, parents: { $0.definition.parents.map(\.id) })
    }
}
