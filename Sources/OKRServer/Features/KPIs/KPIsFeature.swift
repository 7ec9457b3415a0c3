import OKREvents
import OKRProjections
import OKRWire

/// KPIs beside OKRs (SPEC §14): standing health metrics with a band and no cycle.
struct KPIsFeature: Feature {
    let context: FeatureContext

    /// The longest window a KPI may average over: ten years of days.
    static let maxWindow = 3_660

    func register(in table: inout MethodTable) {
        table.add(Methods.kpiAdd) { (params, peer) throws(DomainError) in try await add(params, by: peer) }
        table.add(Methods.kpiUpdate) { (params, peer) throws(DomainError) in try await update(params, by: peer) }
        table.add(Methods.kpiRetire) { (params, peer) throws(DomainError) in try await retire(params, by: peer) }
        table.add(Methods.kpiList) { (params, _) throws(DomainError) in try list(params) }
        table.add(Methods.kpiShow) { (params, _) throws(DomainError) in try show(params) }
    }

    func add(_ params: KPIAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        try Checks.metric(params.metric)
        let name = try Checks.text(params.name, field: "name", max: Checks.maxTitleLength)
        if let team = params.team { try Checks.team(team) }
        guard params.min != nil || params.max != nil else {
            throw .validation("a KPI needs a band: at least one of min and max (--at-least, --at-most, --between)", field: "band")
        }
        try Self.checkBand(params.min, params.max)
        let window = params.window ?? 1
        try Self.checkWindow(window)
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                guard model.kpis[params.id] == nil else { throw .conflict("KPI '\(params.id)' exists already", id: params.id) }
                if let owner = params.owner { try Checks.owner(owner, in: model) }
            }
            let event = KPIDefined(id: params.id, metric: params.metric, name: name, team: params.team, owner: params.owner,
                                   min: params.min, max: params.max, window: window)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func update(_ params: KPIUpdateParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        if let metric = params.metric { try Checks.metric(metric) }
        let name = try Checks.optionalText(params.name, field: "name", max: Checks.maxTitleLength)
        if let team = params.team, !team.isEmpty { try Checks.team(team) }
        try Self.checkBand(params.min, params.max)
        if let window = params.window { try Self.checkWindow(window) }
        let band = params.min != nil || params.max != nil
        guard params.metric != nil || name != nil || params.team != nil || params.owner != nil || band || params.window != nil else {
            throw .validation("nothing to change: give a metric, name, team, owner, band or window", field: "id")
        }
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Self.record(params.id, in: model)
                let at = params.at ?? now
                guard record.defined.stamp.effectiveAt <= at else {
                    throw .validation("KPI '\(params.id)' counts from \(record.defined.stamp.effectiveAt); \(at) is before it", field: "at")
                }
                guard record.retirement(Perspective(at: max(at, now))) == nil else {
                    throw .validation("KPI '\(params.id)' is retired", field: "id")
                }
                if let owner = params.owner, !owner.isEmpty { try Checks.owner(owner, in: model) }
            }
            let event = KPIUpdated(id: params.id, metric: params.metric, name: name, team: params.team, owner: params.owner,
                                   band: band, min: params.min, max: params.max, window: params.window)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func retire(_ params: KPIRetireParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        let reason = try Checks.optionalText(params.reason, field: "reason")
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Self.record(params.id, in: model)
                guard record.retirements.entries.isEmpty else { throw .conflict("KPI '\(params.id)' is already retired", id: params.id) }
                let at = params.at ?? now
                guard record.defined.stamp.effectiveAt <= at else {
                    throw .validation("KPI '\(params.id)' counts from \(record.defined.stamp.effectiveAt); \(at) is before it", field: "at")
                }
            }
            let event = KPIRetired(id: params.id, reason: reason)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func list(_ params: KPIListParams) throws(DomainError) -> KPIReport {
        let now = clock()
        if let team = params.team { try Checks.team(team) }
        if let owner = params.owner { try Checks.personID(owner, field: "owner") }
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        return try store.answer { $0.answer(KPIListQuery(perspective, team: params.team, owner: params.owner)) }
    }

    func show(_ params: KPIShowParams) throws(DomainError) -> KPIDetail {
        try Checks.id(params.id)
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        return try store.answer { (model) throws(DomainError) -> KPIDetail in
            _ = try Self.record(params.id, in: model)
            guard let detail = model.answer(KPIShowQuery(params.id, perspective)) else {
                throw .validation("KPI '\(params.id)' is not defined as of \(perspective.asOf)", field: "asOf")
            }
            return detail
        }
    }

    static func record(_ id: String, in model: borrowing OKRModel) throws(DomainError) -> KPIRecord {
        guard let record = model.kpis[id] else { throw .notFound("KPI", id) }
        return record
    }

    static func checkBand(_ min: Double?, _ max: Double?) throws(DomainError) {
        for (value, field) in [(min, "min"), (max, "max")] {
            if let value { try Checks.finite(value, field: field) }
        }
        if let min, let max, min > max {
            throw .validation("the band's min \(min.plainText) is above its max \(max.plainText)", field: "band")
        }
    }

    static func checkWindow(_ window: Int) throws(DomainError) {
        guard (1...maxWindow).contains(window) else {
            throw .validation("window must be a number of days from 1 to \(maxWindow), not \(window)", field: "window")
        }
    }
}
