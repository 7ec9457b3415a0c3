import OKREvents
import OKRProjections
import OKRWire

/// `objective.carry` and `kr.plan`.
struct CarryAndPlansFeature: Feature {
    let context: FeatureContext

    /// Carrying an objective into another cycle, and phased targets (SPEC §10).
    func register(in table: inout MethodTable) {
        table.add(Methods.objectiveCarry) { (params, peer) throws(DomainError) in
            try await carryObjective(params, by: peer)
        }
        table.add(Methods.keyResultPlan) { (params, peer) throws(DomainError) in
            try await planKeyResult(params, by: peer)
        }
    }

    /// Creates the carried objective and its key results in one commit.
    func carryObjective(_ params: ObjectiveCarryParams, by peer: Peer) async throws(DomainError) -> CarryResult {
        try Checks.id(params.id)
        try Checks.id(params.to, field: "to")
        if let newID = params.newID { try Checks.id(newID, field: "newID") }
        for kr in params.krs ?? [] { try Checks.id(kr, field: "krs") }
        return try await serially { () throws(DomainError) in
            let now = clock()
            let (objective, keyResults) = try store.answer { (model) throws(DomainError) -> (ObjectiveCreated, [KeyResultCreated]) in
                try Self.carried(params, in: model, now: now)
            }
            var events = [NewEvent(objective, actor: peer.user)]
            events += keyResults.map { NewEvent($0, actor: peer.user) }
            let outcomes = try await append(events)
            return CarryResult(id: objective.id, krs: keyResults.map(\.id), seq: outcomes[0].seq)
        }
    }

    /// The key results a carry takes: those named, else every active one that was not done at
    /// the source cycle's end.
    private static func keyResultsToCarry(_ params: ObjectiveCarryParams, from sourceID: String, ending sourceCycle: CycleRecord,
                                          in model: OKRModel, now: Instant) throws(DomainError) -> [KeyResultRecord] {
        let end = Perspective(at: min(now, sourceCycle.end))
        let active = model.activeKeyResults(of: params.id, Perspective(at: now))
        let evaluator = Evaluator(model)
        guard let named = params.krs else {
            return active.filter { (evaluator.evaluate($0, in: sourceCycle, end).score ?? 0) < 1 }
        }
        var chosen: [KeyResultRecord] = []
        for id in named {
            guard let kr = active.first(where: { $0.defined.definition.id == id }) else {
                throw model.keyResults[id] != nil
                    ? .validation("key result '\(id)' does not count toward '\(params.id)'", field: "krs")
                    : .notFound("key result", id)
            }
            guard !chosen.contains(where: { $0.defined.definition.id == id }) else {
                throw .validation("key result '\(id)' is named twice", field: "krs")
            }
            if (evaluator.evaluate(kr, in: sourceCycle, end).score ?? 0) >= 1 {
                throw .validation("key result '\(id)' was done by the end of '\(sourceID)': nothing is left to carry", field: "krs")
            }
            chosen.append(kr)
        }
        return chosen
    }

    /// The objective and key results a carry creates, or the reason it is refused.
    private static func carried(_ params: ObjectiveCarryParams, in model: OKRModel,
                                now: Instant) throws(DomainError) -> (ObjectiveCreated, [KeyResultCreated]) {
        guard let record = model.objectives[params.id] else {
            throw model.keyResults[params.id] != nil
                ? .validation("'\(params.id)' is a key result; carry its objective (with --kr)", field: "id")
                : .notFound("objective", params.id)
        }
        guard record.drops.entries.isEmpty else {
            throw .validation("objective '\(params.id)' is dropped: there is nothing to carry on", field: "id")
        }
        let perspective = Perspective(at: now)
        let source = record.current(perspective)
        guard let sourceCycle = model.cycles[source.cycle] else { throw .notFound("cycle", source.cycle) }
        guard let cycle = model.cycles[params.to] else { throw .notFound("cycle", params.to) }
        guard params.to != source.cycle else {
            throw .validation("'\(params.id)' is already in cycle '\(params.to)': carry it into another", field: "to")
        }
        guard cycle.closes.entries.isEmpty else { throw .validation("cycle '\(params.to)' is closed: no new objectives", field: "to") }
        let newID: String
        if let given = params.newID {
            try Rules.requireUnusedSubjectID(given, in: model)
            newID = given
        } else {
            newID = Rules.nextID(prefix: "O-", taken: model.objectives.keys)
        }

        let chosen = try keyResultsToCarry(params, from: source.cycle, ending: sourceCycle, in: model, now: now)
        let objective = ObjectiveCreated(
            id: newID, cycle: params.to, team: source.team, title: source.title, kind: source.kind, parents: source.parents,
            strategy: source.strategy, owner: source.owner, progress: source.progress, carriedFrom: params.id)
        var taken = Array(model.keyResults.keys)
        let keyResults = chosen.map { kr -> KeyResultCreated in
            let old = kr.current(perspective)
            let id = Rules.nextID(prefix: "KR-", taken: taken)
            taken.append(id)
            let valueAtEnd = model.latestObservation(of: old.metric, perspective, through: sourceCycle.end)?.value
            let baseline = old.kind == .milestone ? 0 : (valueAtEnd ?? old.baseline)
            return KeyResultCreated(
                id: id, objective: newID, title: old.title, metric: old.metric, kind: old.kind, baseline: baseline,
                target: old.target, unit: old.unit, level: old.level, indicator: old.indicator, weight: old.weight,
                owner: old.owner, team: old.team, carriedFrom: old.id)
        }
        return (objective, keyResults)
    }

    /// Sets or clears a key result's planned path.
    func planKeyResult(_ params: KeyResultPlanParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        var given: [PlanCheckpoint] = []
        for (index, checkpoint) in params.checkpoints.enumerated() {
            let field = "checkpoints[\(index)]"
            guard let day = CalendarDay(checkpoint.day) else {
                throw .validation("checkpoint '\(checkpoint.day.prefix(40))=\(checkpoint.value.prefix(40))': '\(checkpoint.day.prefix(40))' "
                                  + "is not a date (YYYY-MM-DD=VALUE)", field: field)
            }
            guard let value = Double(checkpoint.value), value.isFinite else {
                throw .validation("checkpoint \(day): '\(checkpoint.value.prefix(40))' is not a number", field: field)
            }
            guard !given.contains(where: { $0.day == day }) else {
                throw .validation("checkpoint \(day) is given twice", field: field)
            }
            given.append(PlanCheckpoint(day: day, value: value))
        }
        let checkpoints = given
        return try await serially { () throws(DomainError) in
            let event = try store.read { (model) throws(DomainError) -> KeyResultPlanned in
                let planned = try EventChecks.plan(KeyResultPlanned(id: params.id, checkpoints: checkpoints), in: model, now: clock())
                if checkpoints.isEmpty, let record = model.keyResults[params.id], record.plan(Perspective(at: clock())).isEmpty {
                    throw .validation("key result '\(params.id)' has no plan to clear", field: "checkpoints")
                }
                return planned
            }
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }
}
