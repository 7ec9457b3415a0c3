import OKREvents
import OKRProjections
import OKRWire

/// Metrics as things of their own (SPEC §14): which drives which, the tree they make under
/// each north star, and whether one really leads another.
struct MetricsFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.metricLead) { (params, _) throws(DomainError) in try lead(params) }
        table.add(Methods.metricLink) { (params, peer) throws(DomainError) in try await link(params, by: peer) }
        table.add(Methods.metricUnlink) { (params, peer) throws(DomainError) in try await unlink(params, by: peer) }
        table.add(Methods.metricTree) { (params, _) throws(DomainError) in try tree(params) }
    }

    func link(_ params: MetricLinkParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.metric(params.leading, field: "leading")
        try Checks.metric(params.lagging, field: "lagging")
        let note = try Checks.optionalText(params.note, field: "note")
        guard params.leading != params.lagging else {
            throw .validation("metric '\(params.leading)' cannot drive itself", field: "lagging")
        }
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let perspective = Perspective(at: clock())
                for (metric, field) in [(params.leading, "leading"), (params.lagging, "lagging")] where !model.knowsMetric(metric, perspective) {
                    throw .validation("metric '\(metric)' is unknown: no observation, key result, north star or KPI names it", field: field)
                }
                let links = model.activeMetricLinks(perspective)
                let link = MetricLink(leading: params.leading, lagging: params.lagging)
                guard links[link] == nil else {
                    throw .conflict("\(params.leading) is already linked to drive \(params.lagging)", id: params.leading)
                }
                guard !OKRModel.closesLoop(params.leading, drives: params.lagging, among: links.keys) else {
                    throw .validation("linking \(params.leading) to drive \(params.lagging) makes a loop: \(params.lagging) already drives \(params.leading)",
                                      field: "lagging")
                }
            }
            let event = MetricLinked(leading: params.leading, lagging: params.lagging, note: note)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.leading)
        }
    }

    func unlink(_ params: MetricLinkParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.metric(params.leading, field: "leading")
        try Checks.metric(params.lagging, field: "lagging")
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                guard model.activeMetricLinks(Perspective(at: clock()))[MetricLink(leading: params.leading, lagging: params.lagging)] != nil else {
                    throw .notFound("metric link \(params.leading) →", params.lagging)
                }
            }
            let event = MetricUnlinked(leading: params.leading, lagging: params.lagging)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.leading)
        }
    }

    func tree(_ params: MetricTreeParams) throws(DomainError) -> MetricTreeReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        if let northstar = params.northstar { try Checks.id(northstar, field: "northstar") }
        return try store.answer { (model) throws(DomainError) -> MetricTreeReport in
            if let northstar = params.northstar, model.northStars[northstar] == nil { throw .notFound("north star", northstar) }
            return model.answer(MetricTreeQuery(northStar: params.northstar, perspective))
        }
    }

    func lead(_ params: MetricLeadParams) throws(DomainError) -> LeadReport {
        try Checks.metric(params.a, field: "a")
        try Checks.metric(params.b, field: "b")
        guard params.a != params.b else { throw .validation("a and b are the same metric '\(params.a)'", field: "b") }
        let maxLag = params.maxLag ?? MetricLeadQuery.defaultMaxLag
        guard (1...365).contains(maxLag) else {
            throw .validation("maxLag must be a number of days from 1 to 365, not \(maxLag)", field: "maxLag")
        }
        if let from = params.from, let to = params.to, from > to {
            throw .validation("from \(from) is after to \(to)", field: "from")
        }
        let firstDay = params.from.map(DaySummary.day(of:)) ?? .min
        let lastDay = params.to.map(DaySummary.day(of:)) ?? .max
        let query = MetricLeadQuery(a: params.a, b: params.b, days: firstDay...lastDay, maxLag: maxLag,
                                    perspective: Perspective(at: clock()))
        let answer = try store.answer { $0.answer(query) }
        switch answer {
        case .success(let report): return report
        case .failure(.unknownMetric(let metric)):
            throw .validation("metric '\(metric)' has no observations", field: metric == params.a ? "a" : "b")
        case .failure(.notEnoughHistory(let shortage)):
            throw .validation(shortage.message, field: "history")
        }
    }
}
