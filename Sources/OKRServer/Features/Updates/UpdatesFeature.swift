import OKREvents
import OKRProjections
import OKRWire

/// `objective.update`, `kr.update` and `kr.move`: each appends one event with what changes, or
/// nothing (1004) when nothing would.
struct UpdatesFeature: Feature {
    let context: FeatureContext

    /// Changing an objective or a key result after it was defined (owners among them).
    func register(in table: inout MethodTable) {
        table.add(Methods.objectiveUpdate) { (params, peer) throws(DomainError) in
            try await updateObjective(params, by: peer)
        }
        table.add(Methods.keyResultUpdate) { (params, peer) throws(DomainError) in
            try await updateKeyResult(params, by: peer)
        }
        table.add(Methods.keyResultMove) { (params, peer) throws(DomainError) in
            try await moveKeyResult(params, by: peer)
        }
    }

    func updateObjective(_ params: ObjectiveUpdateParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.optionalText(params.title, field: "title", max: Checks.maxTitleLength)
        if let owner = params.owner, !owner.isEmpty { try Checks.personID(owner, field: "owner") }
        if let strategy = params.strategy, !strategy.isEmpty { try Checks.id(strategy, field: "strategy") }
        let parents = try params.parents.map { (given) throws(DomainError) in try Rules.checkParents(given) }
        try Checks.effectiveTime(params.at, now: clock())
        guard params.title != nil || params.owner != nil || params.kind != nil || params.strategy != nil || parents != nil
            || params.progress != nil else {
            throw .validation("nothing to update: give a title, owner, kind, strategy, parents or progress source", field: "id")
        }
        return try await serially { () throws(DomainError) in
            let now = clock()
            let at = params.at ?? now
            let alignments = try store.read { (model) throws(DomainError) -> [any EventData] in
                let record = try Rules.objective(params.id, in: model)
                if let owner = params.owner, !owner.isEmpty { try Checks.owner(owner, in: model) }
                if let strategy = params.strategy, !strategy.isEmpty, model.strategies[strategy] == nil {
                    throw .notFound("strategy choice", strategy)
                }
                guard let parents else { return [] }
                try Rules.requireParents(parents, of: params.id, in: model, at: at, now: now)
                // The parents become exactly those given: unalign the others, align the new and reweighted.
                let before = record.parents(Perspective(at: at))
                let removed: [any EventData] = before.filter { old in !parents.contains { $0.id == old.id } }
                    .map { ObjectiveUnaligned(id: params.id, parent: $0.id) }
                let added: [any EventData] = parents.filter { !before.contains($0) }
                    .map { ObjectiveAligned(id: params.id, parent: $0.id, weight: $0.weight) }
                return removed + added
            }
            var events: [NewEvent] = []
            if params.title != nil || params.owner != nil || params.kind != nil || params.strategy != nil || params.progress != nil {
                events.append(NewEvent(ObjectiveUpdated(id: params.id, title: params.title, kind: params.kind, strategy: params.strategy,
                                                        owner: params.owner, progress: params.progress),
                                       effectiveAt: params.at, actor: peer.user))
            }
            events += alignments.map { NewEvent(EventPayload($0), effectiveAt: params.at, actor: peer.user) }
            guard !events.isEmpty else {
                throw .validation("nothing to update: '\(params.id)' already has those parents", field: "parent")
            }
            let outcomes = try await append(events)
            return WriteResult(id: params.id, seq: outcomes.last!.seq, duplicate: false)
        }
    }

    func updateKeyResult(_ params: KeyResultUpdateParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.optionalText(params.title, field: "title", max: Checks.maxTitleLength)
        if let owner = params.owner, !owner.isEmpty { try Checks.personID(owner, field: "owner") }
        if let team = params.team, !team.isEmpty { try Checks.team(team) }
        if let weight = params.weight { try Checks.weight(weight) }
        guard params.title != nil || params.owner != nil || params.team != nil || params.weight != nil
            || params.level != nil || params.indicator != nil else {
            throw .validation("nothing to update: give a title, owner, team, weight, level or indicator", field: "id")
        }
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Rules.keyResult(params.id, in: model)
                guard record.drops.entries.isEmpty else { throw .validation("key result '\(params.id)' is dropped", field: "id") }
                if let owner = params.owner, !owner.isEmpty { try Checks.owner(owner, in: model) }
            }
            let event = KeyResultUpdated(id: params.id, title: params.title, weight: params.weight, level: params.level,
                                         indicator: params.indicator, owner: params.owner, team: params.team)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func moveKeyResult(_ params: KeyResultMoveParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.objective, field: "objective")
        let reason = try Checks.text(params.reason, field: "reason", shape: .lines)
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Rules.keyResult(params.id, in: model)
                let at = params.at ?? now
                let perspective = Perspective(at: at)
                guard record.drops.entries.isEmpty else { throw .validation("key result '\(params.id)' is dropped", field: "id") }
                guard let target = model.objectives[params.objective] else {
                    throw model.keyResults[params.objective] != nil
                        ? .validation("'\(params.objective)' is a key result; a key result moves to an objective", field: "objective")
                        : .notFound("objective", params.objective)
                }
                guard target.drops.entries.isEmpty else { throw .validation("objective '\(params.objective)' is dropped", field: "objective") }
                let from = record.objective(perspective)
                guard from != params.objective else {
                    throw .validation("key result '\(params.id)' already counts toward '\(from)'", field: "objective")
                }
                let fromCycle = model.objectives[from]?.defined.definition.cycle
                guard target.defined.definition.cycle == fromCycle else {
                    throw .validation("'\(params.objective)' is in cycle '\(target.defined.definition.cycle)', not '\(fromCycle ?? "?")': "
                                      + "a key result moves within its cycle (objective carry takes work to the next)", field: "objective")
                }
                if let cycle = model.cycles[target.defined.definition.cycle], at >= cycle.end {
                    throw .validation("at \(at) is after the end of cycle '\(cycle.defined.definition.id)'", field: "at")
                }
            }
            let event = KeyResultMoved(id: params.id, objective: params.objective, reason: reason)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }
}
