import OKREvents
import OKRProjections
import OKRWire

/// Commands that define or change cycles, north stars, strategy choices, objectives and key results.
struct DefinitionsFeature: Feature {
    let context: FeatureContext

    /// Cycles, north stars, strategy choices, objectives, key results and insights.
    func register(in table: inout MethodTable) {
        table.add(Methods.cycleAdd) { (params, peer) throws(DomainError) in try await addCycle(params, by: peer) }
        table.add(Methods.northStarAdd) { (params, peer) throws(DomainError) in try await addNorthStar(params, by: peer) }
        table.add(Methods.strategyAdd) { (params, peer) throws(DomainError) in try await addStrategy(params, by: peer) }
        table.add(Methods.objectiveAdd) { (params, peer) throws(DomainError) in try await addObjective(params, by: peer) }
        table.add(Methods.objectiveDrop) { (params, peer) throws(DomainError) in try await dropObjective(params, by: peer) }
        table.add(Methods.keyResultAdd) { (params, peer) throws(DomainError) in try await addKeyResult(params, by: peer) }
        table.add(Methods.keyResultRetarget) { (params, peer) throws(DomainError) in try await retargetKeyResult(params, by: peer) }
        table.add(Methods.keyResultDrop) { (params, peer) throws(DomainError) in try await dropKeyResult(params, by: peer) }
        table.add(Methods.insightAdd) { (params, peer) throws(DomainError) in try await addInsight(params, by: peer) }
        table.add(Methods.insightRenew) { (params, peer) throws(DomainError) in try await renewInsight(params, by: peer) }
        table.add(Methods.cyclePlan) { (params, peer) throws(DomainError) in try await planCycles(params, by: peer) }
    }

    func addCycle(_ params: CycleAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let event = try EventChecks.cycle(CycleDefined(id: params.id, name: params.name ?? params.id, start: params.start, end: params.end))
        return try await serially { () throws(DomainError) in
            guard store.read({ $0.cycles[params.id] == nil }) else { throw .conflict("cycle '\(params.id)' already exists", id: params.id) }
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func addNorthStar(_ params: NorthStarAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        try Checks.text(params.name, field: "name", max: Checks.maxTitleLength)
        try Checks.metric(params.metric)
        let description = try Checks.optionalText(params.description, field: "description", shape: .lines)
        return try await serially { () throws(DomainError) in
            guard store.read({ $0.northStars[params.id] == nil }) else {
                throw .conflict("north star '\(params.id)' already exists", id: params.id)
            }
            let event = NorthStarDefined(id: params.id, name: params.name, metric: params.metric, description: description)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func addStrategy(_ params: StrategyAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        try Checks.id(params.northStar, field: "northStar")
        try Checks.text(params.statement, field: "statement")
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                guard model.strategies[params.id] == nil else {
                    throw .conflict("strategy choice '\(params.id)' already exists", id: params.id)
                }
                guard model.northStars[params.northStar] != nil else { throw .notFound("north star", params.northStar) }
            }
            let event = StrategyChoiceRecorded(id: params.id, statement: params.statement, northStar: params.northStar)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func addObjective(_ params: ObjectiveAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        // The request's own form first (what needs no model), then the event by EventChecks.
        if let id = params.id { try Checks.id(id) }
        let parents = try Rules.checkParents(params.allParents)
        return try await serially { () throws(DomainError) in
            let event = try store.read { (model) throws(DomainError) -> ObjectiveCreated in
                let id = params.id ?? Rules.nextID(prefix: "O-", taken: model.objectives.keys)
                let now = clock()
                return try EventChecks.objective(
                    ObjectiveCreated(id: id, cycle: params.cycle, team: params.team, title: params.title,
                                     kind: params.kind ?? .aspirational, parents: parents, strategy: params.strategy,
                                     owner: params.owner, progress: params.progress ?? .krs),
                    in: model, at: now, now: now)
            }
            return try await appendOne(NewEvent(event, actor: peer.user), id: event.id)
        }
    }

    func dropObjective(_ params: DropParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let reason = try Checks.text(params.reason, field: "reason", shape: .lines)
        try Checks.effectiveTime(params.at, now: clock())
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                guard let objective = model.objectives[params.id] else {
                    throw model.keyResults[params.id] != nil
                        ? .validation("'\(params.id)' is a key result, not an objective: use kr drop", field: "id")
                        : .notFound("objective", params.id)
                }
                guard objective.drops.entries.isEmpty else { throw .conflict("objective '\(params.id)' is already dropped", id: params.id) }
            }
            let event = ObjectiveDropped(id: params.id, reason: reason)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func addKeyResult(_ params: KeyResultAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        // The request's own form first (what needs no model), then the event by EventChecks.
        if let id = params.id { try Checks.id(id) }
        let kind = params.kind ?? .progress
        let target: Double
        if kind == .milestone {
            target = params.target ?? 1
        } else {
            guard let given = params.target else { throw .validation("target is required for a \(kind.rawValue) key result", field: "target") }
            target = given
        }
        return try await serially { () throws(DomainError) in
            let event = try store.read { (model) throws(DomainError) -> KeyResultCreated in
                let id = params.id ?? Rules.nextID(prefix: "KR-", taken: model.keyResults.keys)
                return try EventChecks.keyResult(
                    KeyResultCreated(id: id, objective: params.objective, title: params.title, metric: params.metric, kind: kind,
                                     baseline: kind == .milestone ? 0 : params.baseline, target: target, unit: params.unit,
                                     level: params.level ?? .outcome, indicator: params.indicator ?? .leading, weight: params.weight ?? 1,
                                     owner: params.owner, team: params.team),
                    in: model)
            }
            return try await appendOne(NewEvent(event, actor: peer.user), id: event.id)
        }
    }

    func retargetKeyResult(_ params: RetargetParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.finite(params.target, field: "target")
        let reason = try Checks.text(params.reason, field: "reason", shape: .lines)
        try Checks.effectiveTime(params.at, now: clock())
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Rules.keyResult(params.id, in: model)
                let definition = record.defined.definition
                guard definition.kind != .milestone else {
                    throw .validation("a milestone's target is always 1", field: "target")
                }
                if let baseline = definition.baseline, baseline == params.target {
                    throw .validation("target equals baseline (\(baseline)): nothing to move", field: "target")
                }
                guard record.drops.entries.isEmpty else { throw .validation("key result '\(params.id)' is dropped", field: "id") }
                if let at = params.at, let cycle = model.cycles[model.objectives[definition.objective]?.defined.definition.cycle ?? ""],
                   at >= cycle.end {
                    throw .validation("at \(at) is after the end of cycle '\(cycle.defined.definition.id)'", field: "at")
                }
            }
            let event = KeyResultRetargeted(id: params.id, target: params.target, reason: reason)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func dropKeyResult(_ params: DropParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let reason = try Checks.text(params.reason, field: "reason", shape: .lines)
        try Checks.effectiveTime(params.at, now: clock())
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Rules.keyResult(params.id, in: model)
                guard record.drops.entries.isEmpty else { throw .conflict("key result '\(params.id)' is already dropped", id: params.id) }
            }
            let event = KeyResultDropped(id: params.id, reason: reason)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func addInsight(_ params: InsightAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.subject, field: "subject")
        try Checks.text(params.text, field: "text")
        let evidence = try Checks.optionalText(params.evidence, field: "evidence", shape: .lines)
        if let id = params.id { try Checks.id(id) }
        return try await serially { () throws(DomainError) in
            let id = try store.read { (model) throws(DomainError) -> String in
                guard model.objectives[params.subject] != nil || model.keyResults[params.subject] != nil else {
                    throw .notFound("key result or objective", params.subject)
                }
                if let id = params.id {
                    guard model.insights[id] == nil else { throw .conflict("insight '\(id)' already exists", id: id) }
                    return id
                }
                return Rules.nextID(prefix: "I-", taken: model.insights.keys)
            }
            let expiresAt = params.expires ?? clock().adding(seconds: context.insightLifetimeSeconds)
            let event = InsightRecorded(id: id, subject: params.subject, text: params.text, evidence: evidence,
                                        expiresAt: expiresAt)
            return try await appendOne(NewEvent(event, actor: peer.user), id: id)
        }
    }

    func renewInsight(_ params: InsightRenewParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let evidence = try Checks.optionalText(params.evidence, field: "evidence", shape: .lines)
        let now = clock()
        guard params.expires > now else {
            throw .validation("expires \(params.expires) is not in the future: a renewal must extend the insight", field: "expires")
        }
        return try await serially { () throws(DomainError) in
            guard store.read({ $0.insights[params.id] != nil }) else { throw .notFound("insight", params.id) }
            let event = InsightRenewed(id: params.id, expiresAt: params.expires, evidence: evidence)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    /// Appends `InsightExpired` for every insight whose expiry passed unrecorded (the daemon's own events).
    func expireDueInsights() async throws(DomainError) -> Int {
        try await serially { () throws(DomainError) in
            let due = store.read { $0.dueExpirations(now: clock()) }
            guard !due.isEmpty else { return 0 }
            _ = try await append(due.map { NewEvent($0, effectiveAt: $0.expiresAt, actor: Peer.daemon.user) })
            return due.count
        }
    }

}
