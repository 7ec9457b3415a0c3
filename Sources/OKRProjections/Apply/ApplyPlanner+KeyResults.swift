import OKREvents

extension ApplyPlanner {
    /// The key results of `spec`: created, updated, replanned, retargeted, or dropped when the
    /// file no longer lists them.
    mutating func planKeyResults(_ spec: OKRDocument.Objective, fileCycles: [String: CycleDefined]) throws(PlanError) {
        let objective = spec.definition.id
        for keyResult in spec.keyResults {
            let wanted = keyResult.definition
            if model.objectives[wanted.id] != nil { throw PlanError("\(wanted.id) is an objective's id; objectives and key results share ids") }
            try requirePlanInCycle(keyResult, in: model.cycles[spec.definition.cycle]?.defined.definition ?? fileCycles[spec.definition.cycle])
            let planned = KeyResultPlanned(id: wanted.id, checkpoints: keyResult.plan)
            let planText = keyResult.plan.map { "\($0.day) \(Wording.number($0.value))" }.joined(separator: ", ")
            guard let record = model.keyResults[wanted.id] else {
                add(.create, "kr", wanted.id, "\(wanted.title) (\(wanted.metric) → \(Wording.number(wanted.target)))", .keyResultCreated(wanted), at: keyResult.at)
                if !keyResult.plan.isEmpty { add(.plan, "kr", wanted.id, "plan \(planText)", .keyResultPlanned(planned)) }
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
            if existing.weight != wanted.weight { update.weight = wanted.weight; details.append("weight \(Wording.number(existing.weight)) → \(Wording.number(wanted.weight))") }
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
            if !details.isEmpty { add(.update, "kr", wanted.id, details.joined(separator: "; "), .keyResultUpdated(update)) }
            if record.plan(perspective) != keyResult.plan {
                add(.plan, "kr", wanted.id, keyResult.plan.isEmpty ? "plan cleared" : "plan \(planText)", .keyResultPlanned(planned))
            }
            if existing.target != wanted.target {
                let reason = keyResult.reason ?? "changed in \(source)"
                add(.retarget, "kr", wanted.id, "target \(Wording.number(existing.target)) → \(Wording.number(wanted.target)): \(reason)",
                    .keyResultRetargeted(KeyResultRetargeted(id: wanted.id, target: wanted.target, reason: reason)))
            }
        }
        let listed = Set(spec.keyResults.map(\.definition.id))
        for record in model.activeKeyResults(of: objective, perspective) where !listed.contains(record.defined.definition.id) {
            let id = record.defined.definition.id
            add(.drop, "kr", id, "not in \(source)", .keyResultDropped(KeyResultDropped(id: id, reason: "removed from \(source)")))
        }
    }
}
