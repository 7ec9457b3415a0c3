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

    /// `nil` members as `null` (``JSONMembers``).
    public func encode(to encoder: any Encoder) throws { try encodeMembers(to: encoder) }
}

/// Members in sorted key order (``JSONMembers``).
extension KeyResultStatus: JSONMembers {
    @inlinable
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("baseline", baseline)
        try writer.member("checkInAt", checkInAt)
        try writer.member("checkInStatus", checkInStatus)
        try writer.member("confidence", confidence)
        try writer.member("confidenceAt", confidenceAt)
        try writer.member("confidenceStale", confidenceStale)
        try writer.member("confidenceTrend", confidenceTrend)
        try writer.member("current", current)
        try writer.member("currentAt", currentAt)
        try writer.member("expected", expected)
        try writer.member("forecast", forecast)
        try writer.member("forecastCrossing", forecastCrossing)
        try writer.member("forecastNote", forecastNote)
        try writer.member("forecastProbability", forecastProbability)
        try writer.member("forecastScore", forecastScore)
        try writer.member("held", held)
        try writer.member("id", id)
        try writer.member("indicator", indicator)
        try writer.member("kind", kind)
        try writer.member("level", level)
        try writer.member("metric", metric)
        try writer.member("owner", owner)
        try writer.member("pace", pace)
        try writer.member("plan", plan)
        try writer.member("progress", progress)
        try writer.member("score", score)
        try writer.member("target", target)
        try writer.member("team", team)
        try writer.member("title", title)
        try writer.member("unit", unit)
        try writer.member("weight", weight)
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

