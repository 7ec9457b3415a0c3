import OKREvents

/// OKR005: a key result's metric has had no observation for longer than the staleness limit
/// (the rule of ``QuietFeed``, which `due` and `digest` share). A dead feed makes every number
/// wrong: an error.
enum QuietFeedCheck: LintCheck {
    static let code = "OKR005"
    static let severity = Severity.error

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        guard cycle.isRunning else { return [] }
        let settings = cycle.settings
        return cycle.keyResults.compactMap { _, keyResult in
            let (id, metric) = (keyResult.definition.id, keyResult.definition.metric)
            let last = cycle.model.latestObservation(of: metric, cycle.perspective)?.effectiveAt
            guard QuietFeed.since(lastObservedAt: last, cycleStart: cycle.record.start, at: cycle.t, settings: settings) != nil else { return nil }
            guard let last else { return finding(id, in: cycle, "metric \(metric) of \(id) has never been observed: connect a feed") }
            return finding(id, in: cycle, "metric \(metric) of \(id) was last observed \(Wording.days(cycle.t.seconds(since: last))) ago "
                + "(limit \(Wording.days(settings.metricStalenessSeconds))): is its feed broken?")
        }
    }
}
