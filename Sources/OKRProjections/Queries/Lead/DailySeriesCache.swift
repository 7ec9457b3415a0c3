import OKREvents

/// Each metric's daily series read once per answer, for the questions that test many links
/// (`metric tree`, OKR013) and so meet the same metric more than once.
struct DailySeriesCache {
    let model: OKRModel
    let perspective: Perspective
    private var series: [String: DailySeries?] = [:]

    init(_ model: OKRModel, _ perspective: Perspective) {
        self.model = model
        self.perspective = perspective
    }

    /// `leading`'s lead over `lagging` with the default max-lag over all history; `nil` when
    /// either has no observation.
    mutating func lead(_ leading: String, _ lagging: String) -> Result<LeadReport, LeadTest.NotEnoughHistory>? {
        guard let a = daily(leading), let b = daily(lagging) else { return nil }
        return LeadTest.run(a: (leading, a), b: (lagging, b), days: nil, maxLag: MetricLeadQuery.defaultMaxLag)
    }

    private mutating func daily(_ metric: String) -> DailySeries? {
        if let known = series[metric] { return known }
        let made = model.dailySeries(of: metric, perspective)
        series[metric] = made
        return made
    }
}
