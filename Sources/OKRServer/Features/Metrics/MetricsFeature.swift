import OKREvents
import OKRProjections
import OKRWire

/// Metrics as things of their own (SPEC §14): whether one leads another.
struct MetricsFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.metricLead) { (params, _) throws(DomainError) in try lead(params) }
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
