import OKREvents

/// One key result as `status` reports it (SPEC §6 `status --json`); `nil` encodes as `null`.
public struct KeyResultStatus: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var metric: String
    public var kind: KeyResultKind
    public var level: KeyResultLevel
    public var indicator: Indicator
    public var unit: String?
    public var weight: Double
    public var baseline: Double?
    public var target: Double
    public var current: Double?
    public var currentAt: Instant?
    public var progress: Double?
    public var score: Double?
    public var expected: Double
    public var pace: Pace
    /// Threshold kinds: the share of the cycle's observations so far that held the threshold.
    public var held: Double?
    public var forecast: Double?
    public var forecastScore: Double?
    /// The probability of reaching the target by the cycle's end, from the trend's residuals.
    public var forecastProbability: Double?
    /// When the trend line crosses the target (possibly past, possibly after the cycle).
    public var forecastCrossing: Instant?
    /// Why there is no forecast although there are observations to fit (SPEC §8: a derived
    /// number that is not finite is `null`, and this says why); `nil` otherwise.
    public var forecastNote: String? = nil
    public var confidence: Int?
    public var confidenceAt: Instant?
    public var confidenceStale: Bool?
    public var confidenceTrend: Int?
    /// Who owns it: its own owner, else its objective's; `nil` when neither has one.
    public var owner: String?
    /// The team that works on it: its own, else its objective's.
    public var team: String
    /// Its phased target's checkpoints (`kr plan`), which `expected` follows; `nil` without a plan.
    public var plan: [PlanCheckpoint]?
    /// The latest check-in of any kind (confidence, status or note).
    public var checkInAt: Instant?
    /// The status word of the latest check-in that gave one.
    public var checkInStatus: CheckInStatus?

    enum CodingKeys: String, CodingKey {
        case id, title, metric, kind, level, indicator, unit, weight, baseline, target, current, currentAt,
             progress, score, expected, pace, held, forecast, forecastScore, forecastProbability, forecastCrossing, forecastNote, confidence, confidenceAt,
             confidenceStale, confidenceTrend, owner, team, plan, checkInAt, checkInStatus
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(metric, forKey: .metric)
        try container.encode(kind, forKey: .kind)
        try container.encode(level, forKey: .level)
        try container.encode(indicator, forKey: .indicator)
        try container.encode(unit, forKey: .unit)
        try container.encode(weight, forKey: .weight)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(target, forKey: .target)
        try container.encode(current, forKey: .current)
        try container.encode(currentAt, forKey: .currentAt)
        try container.encode(progress, forKey: .progress)
        try container.encode(score, forKey: .score)
        try container.encode(expected, forKey: .expected)
        try container.encode(pace, forKey: .pace)
        try container.encode(held, forKey: .held)
        try container.encode(forecast, forKey: .forecast)
        try container.encode(forecastScore, forKey: .forecastScore)
        try container.encode(forecastProbability, forKey: .forecastProbability)
        try container.encode(forecastCrossing, forKey: .forecastCrossing)
        try container.encode(forecastNote, forKey: .forecastNote)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(confidenceAt, forKey: .confidenceAt)
        try container.encode(confidenceStale, forKey: .confidenceStale)
        try container.encode(confidenceTrend, forKey: .confidenceTrend)
        try container.encode(owner, forKey: .owner)
        try container.encode(team, forKey: .team)
        try container.encode(plan, forKey: .plan)
        try container.encode(checkInAt, forKey: .checkInAt)
        try container.encode(checkInStatus, forKey: .checkInStatus)
    }
}

extension KeyResultStatus {
    /// The status with every derived number that is not finite made `nil` (SPEC §8): values near
    /// ±1e308 overflow a difference or a least-squares sum, and one such key result must never
    /// fail a report. A forecast lost so is said in ``forecastNote``.
    func withFiniteFigures() -> KeyResultStatus {
        var status = self
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        status.progress = finite(progress)
        status.score = finite(score)
        status.held = finite(held)
        let forecastLost = [forecast, forecastScore, forecastProbability].contains { $0.map { !$0.isFinite } ?? false }
        if forecastLost {
            status.forecast = nil
            status.forecastScore = nil
            status.forecastProbability = nil
            status.forecastCrossing = nil
            status.forecastNote = "no forecast: the observations are too large to fit a trend line in double precision"
        }
        if status.score == nil, score != nil { status.pace = .noData }
        return status
    }
}

