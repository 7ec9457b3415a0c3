import OKREvents

/// What a key result's or objective's check-ins say as of a perspective: when the last was, the
/// status last said, and the confidence last given with its age and trend.
public struct CheckInSummary: Hashable, Sendable {
    public var at: Instant?
    public var status: CheckInStatus?
    public var confidence: Int?
    public var confidenceAt: Instant?
    /// Whether the last confidence is older than the check-in interval.
    public var confidenceStale: Bool?
    /// The last confidence minus the one before.
    public var confidenceTrend: Int?

    public init(_ timeline: Timeline<CheckIn>, _ perspective: Perspective, settings: ProjectionSettings) {
        let checkIns = timeline.visible(perspective)
        at = checkIns.last?.stamp.effectiveAt
        status = checkIns.last(where: { $0.value.status != nil })?.value.status
        // Confidence, its age and its trend come from the check-ins that gave one.
        let confident = checkIns.lazy.filter { $0.value.confidence != nil }.suffix(2)
        if let last = confident.last, let value = last.value.confidence {
            confidence = value
            confidenceAt = last.stamp.effectiveAt
            confidenceStale = perspective.asOf.seconds(since: last.stamp.effectiveAt) > settings.checkInIntervalSeconds
            if confident.count == 2, let previous = confident.first?.value.confidence { confidenceTrend = value - previous }
        }
    }
}
