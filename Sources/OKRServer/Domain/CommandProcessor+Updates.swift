import OKREvents
import OKRProjections
import OKRWire

extension MethodTable {
    /// Changing an objective or a key result after it was defined (owners among them).
    mutating func addUpdates(_ processor: CommandProcessor) {
        add(.objectiveUpdate, ObjectiveUpdateParams.self) { (params, peer) throws(RPCError) in
            try await processor.updateObjective(params, by: peer)
        }
        add(.keyResultUpdate, KeyResultUpdateParams.self) { (params, peer) throws(RPCError) in
            try await processor.updateKeyResult(params, by: peer)
        }
    }
}

/// `objective.update` and `kr.update`: each appends one `…Updated` event with the fields that
/// change, or nothing (1004) when none would.
extension CommandProcessor {
    func updateObjective(_ params: ObjectiveUpdateParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        try Checks.optionalText(params.title, field: "title", max: Checks.maxTitleLength)
        if let owner = params.owner, !owner.isEmpty { try Checks.personID(owner, field: "owner") }
        if let strategy = params.strategy, !strategy.isEmpty { try Checks.id(strategy, field: "strategy") }
        guard params.title != nil || params.owner != nil || params.kind != nil || params.strategy != nil else {
            throw .validation("nothing to update: give a title, owner, kind or strategy", field: "id")
        }
        return try await serially { () throws(RPCError) in
            try store.read { (model) throws(RPCError) in
                guard let record = model.objectives[params.id] else {
                    throw model.keyResults[params.id] != nil
                        ? .validation("'\(params.id)' is a key result, not an objective: use kr update", field: "id")
                        : .notFound("objective", params.id)
                }
                guard record.drops.entries.isEmpty else { throw .validation("objective '\(params.id)' is dropped", field: "id") }
                if let owner = params.owner, !owner.isEmpty { try Checks.owner(owner, in: model) }
                if let strategy = params.strategy, !strategy.isEmpty, model.strategies[strategy] == nil {
                    throw .notFound("strategy choice", strategy)
                }
            }
            let event = ObjectiveUpdated(id: params.id, title: params.title, kind: params.kind, strategy: params.strategy,
                                         owner: params.owner)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func updateKeyResult(_ params: KeyResultUpdateParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        try Checks.optionalText(params.title, field: "title", max: Checks.maxTitleLength)
        if let owner = params.owner, !owner.isEmpty { try Checks.personID(owner, field: "owner") }
        if let team = params.team, !team.isEmpty { try Checks.team(team) }
        if let weight = params.weight {
            guard weight.isFinite, weight > 0, weight <= 1000 else {
                throw .validation("weight must be a number above 0 and at most 1000, not \(weight)", field: "weight")
            }
        }
        guard params.title != nil || params.owner != nil || params.team != nil || params.weight != nil
            || params.level != nil || params.indicator != nil else {
            throw .validation("nothing to update: give a title, owner, team, weight, level or indicator", field: "id")
        }
        return try await serially { () throws(RPCError) in
            try store.read { (model) throws(RPCError) in
                let record = try Self.keyResult(params.id, in: model)
                guard record.drops.entries.isEmpty else { throw .validation("key result '\(params.id)' is dropped", field: "id") }
                if let owner = params.owner, !owner.isEmpty { try Checks.owner(owner, in: model) }
            }
            let event = KeyResultUpdated(id: params.id, title: params.title, weight: params.weight, level: params.level,
                                         indicator: params.indicator, owner: params.owner, team: params.team)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }
}
