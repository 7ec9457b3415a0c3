import OKREvents

/// OKR013: a key result called `leading` whose metric is linked to drive another (SPEC §14),
/// with at least 90 common days of history, where `metric lead` finds no evidence that it leads.
/// The name says what the team hopes; the history says what it has seen.
enum LeadingWithoutLead: LintCheck {
    static let code = "OKR013"
    static let severity = Severity.warning
    static var reference: String { "SPEC §14" }
    /// The common days below which the history is too short to hold against the claim.
    static let minimumCommonDays = 90

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        let links = cycle.model.activeMetricLinks(cycle.perspective).keys
        guard !links.isEmpty else { return [] }
        var cache = DailySeriesCache(cycle.model, cycle.perspective)
        var findings: [LintFinding] = []
        for (_, keyResult) in cycle.keyResults where keyResult.definition.indicator == .leading {
            let metric = keyResult.definition.metric
            for link in links.filter({ $0.leading == metric }).sorted(by: { $0.lagging < $1.lagging }) {
                guard case .success(let report)? = cache.lead(metric, link.lagging), report.commonDays >= minimumCommonDays, !report.leads else { continue }
                findings.append(finding(keyResult.definition.id, in: cycle,
                                        "\(keyResult.definition.id) is called leading for \(metric) but \(metric) shows no lead over \(report.commonDays) days"
                                            + " (linked to drive \(link.lagging); okrctl metric lead \(metric) \(link.lagging))"))
            }
        }
        return findings
    }
}
