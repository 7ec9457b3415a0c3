import OKREvents
import OKRProjections
import OKRWire

/// Reading the OKRs: `status`, `series`, `cycle.list`, `kr.show` and `insight.list`, answered
/// from the in-memory projection.
struct QueriesFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        // Past instants may read the per-metric index: timed apart from `status` now.
        table.add(Methods.status, label: { $0.asOf != nil || $0.knownAt != nil ? "status (as of)" : nil }) {
            (params, peer) throws(DomainError) in try status(params, for: peer)
        }
        table.add(Methods.series) { (params, peer) throws(DomainError) in try series(params, for: peer) }
        table.add(Methods.cycleList) { _ in listCycles() }
        table.add(Methods.keyResultShow) { (params, _) throws(DomainError) in try showKeyResult(params) }
        table.add(Methods.insightList) { (params, _) in listInsights(params) }
    }

    func status(_ params: StatusParams, for peer: Peer) throws(DomainError) -> StatusReport {
        let (query, settings) = try statusQuery(params, for: peer)
        return try store.answer { (model) throws(DomainError) -> StatusReport in
            try Self.check(query, named: params.owner, in: model)
            return model.answer(query, settings: settings)
        }
    }

    func series(_ params: StatusParams, for peer: Peer) throws(DomainError) -> SeriesReport {
        let (query, settings) = try statusQuery(params, for: peer)
        return try store.answer { (model) throws(DomainError) -> SeriesReport in
            try Self.check(query, named: params.owner, in: model)
            return model.answer(SeriesQuery(status: query), settings: settings)
        }
    }

    /// The view `params` ask for, checked as far as it can be without the model.
    private func statusQuery(_ params: StatusParams, for peer: Peer) throws(DomainError) -> (StatusQuery, ProjectionSettings) {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: params.knownAt ?? now)
        if let team = params.team { try Checks.team(team) }
        let owner = try Rules.owner(params.owner, mine: params.mine, peer: peer)
        return (StatusQuery(perspective: perspective, cycle: params.cycle, team: params.team, owner: owner), store.settings)
    }

    /// The cycle a view names exists, and the owner it names (not `mine`'s login) is known.
    private static func check(_ query: StatusQuery, named owner: String?, in model: OKRModel) throws(DomainError) {
        if let cycle = query.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
        if let owner { try Checks.owner(owner, in: model) }
    }

    func listCycles() -> CycleListResult {
        let perspective = Perspective(at: clock())
        return store.read { model in
            CycleListResult(cycles: model.knownCycles(perspective).map { cycle in
                let definition = cycle.defined.definition
                return CycleSummary(id: definition.id, name: definition.name, start: definition.start, end: definition.end,
                                    closed: cycle.closes.any(perspective),
                                    objectives: model.activeObjectives(in: definition.id, perspective).count)
            })
        }
    }

    func showKeyResult(_ params: KeyResultShowParams) throws(DomainError) -> KeyResultDetail {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        let settings = store.settings
        return try store.answer { (model) throws(DomainError) -> KeyResultDetail in
            let record = try Rules.keyResult(params.id, in: model)
            let definition = record.current(perspective)
            guard let objective = model.objectives[definition.objective],
                  let cycle = model.cycles[objective.defined.definition.cycle] else {
                throw .notFound("objective", definition.objective)
            }
            let status = Evaluator(model).evaluate(record, in: cycle, perspective, settings: settings)
            let history = model.observations(of: definition.metric, perspective, from: cycle.start, through: cycle.end)
                .map { KeyResultDetail.Point(at: $0.effectiveAt, value: $0.value, seq: $0.seq) }
            let checkIns = record.checkIns.visible(perspective).map {
                KeyResultDetail.CheckInEntry(at: $0.stamp.effectiveAt, confidence: $0.value.confidence, note: $0.value.note, author: $0.value.author,
                                               status: $0.value.status)
            }
            let retargets = record.retargets.visible(perspective).map {
                KeyResultDetail.Retarget(at: $0.stamp.effectiveAt, target: $0.value.target, reason: $0.value.reason)
            }
            let insights = model.insights.values
                .filter { [definition.id, definition.objective].contains($0.defined.definition.subject) && perspective.knows($0.defined.stamp) }
                .sorted { $0.defined.stamp.seq < $1.defined.stamp.seq }
                .map { Self.summary($0, perspective) }
            return KeyResultDetail(asOf: perspective.asOf, cycle: cycle.defined.definition.id, objective: objective.defined.definition.id,
                                   objectiveTitle: objective.current(perspective).title, kr: status, history: history,
                                   checkIns: checkIns, retargets: retargets, insights: insights,
                                   workItems: model.linkedWorkItems(of: definition.id, perspective), carriedFrom: definition.carriedFrom,
                                   details: definition.details, initiatives: model.initiativeSummaries(of: definition.id, perspective))
        }
    }

    func listInsights(_ params: InsightListParams) -> InsightListResult {
        let perspective = Perspective(at: clock())
        let wantExpired = params.expired ?? false
        return store.read { model in
            InsightListResult(insights: model.insights.values
                .filter { $0.isExpired(perspective) == wantExpired }
                .sorted { $0.defined.stamp.seq < $1.defined.stamp.seq }
                .map { Self.summary($0, perspective) })
        }
    }

    static func summary(_ record: InsightRecord, _ perspective: Perspective) -> InsightSummary {
        let definition = record.defined.definition
        return InsightSummary(id: definition.id, subject: definition.subject, text: definition.text,
                              evidence: record.renewals.latest(perspective)?.value.evidence ?? definition.evidence,
                              expiresAt: record.expiresAt(perspective), expired: record.isExpired(perspective))
    }
}
