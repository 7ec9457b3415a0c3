import OKREvents

/// The health of one metric's feed (`okrctl feeds`): a dead-man's switch for cron jobs.
public struct MetricFeed: Codable, Hashable, Sendable {
    public var metric: String
    public var observations: Int
    public var lastObservedAt: Instant
    /// The median gap between its recent observations, in seconds; `nil` with one observation.
    public var cadenceSeconds: Double?
    /// When the next observation was due: the last plus the cadence (or the staleness limit).
    public var dueAt: Instant
    /// Seconds past due (negative: not yet due).
    public var overdueSeconds: Double
    /// Whether the feed has gone quiet: past due by more than its own cadence, or older than the staleness limit.
    public var quiet: Bool
    /// Key results measured by it.
    public var keyResults: [String]
}

/// The answer to `feeds`.
public struct FeedReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    /// Quiet feeds, most overdue first (every feed with `all`).
    public var feeds: [MetricFeed]
}

