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

extension OKRModel {
    /// Each metric's last observation and cadence; quiet feeds first, most overdue first.
    ///
    /// A feed is quiet when nothing arrived for twice its usual cadence (the median of its last
    /// 20 gaps), or for longer than the staleness limit — whichever comes first.
    ///
    /// A metric measured only by key results of closed cycles (and by no north star) is no
    /// longer a feed: the cycle is graded and nothing waits for it, so it is left out unless `all`
    /// asks for every metric. History brought over from another tool (one metric per imported
    /// key result, docs/IMPORT.md) leaves `feeds` once its cycles are closed.
    public func feeds(_ perspective: Perspective, settings: ProjectionSettings = ProjectionSettings(), all: Bool = false) -> FeedReport {
        let now = perspective.asOf
        var usedBy: [String: [String]] = [:]
        var stillWanted: Set<String> = Set(northStars.values.filter { perspective.knows($0.stamp) }.map(\.definition.metric))
        for record in keyResults.values where perspective.knows(record.defined.stamp) && !record.drops.any(perspective) {
            let metric = record.current(perspective).metric
            usedBy[metric, default: []].append(record.defined.definition.id)
            let cycle = objectives[record.objective(perspective)].flatMap { cycles[$0.defined.definition.cycle] }
            if cycle.map({ !$0.closes.any(perspective) }) ?? true { stillWanted.insert(metric) }
        }
        var feeds: [MetricFeed] = []
        let yearAgo = now.adding(seconds: -366 * 86_400)
        for metric in metrics.keys {
            let recent = recentObservations(of: metric, perspective, count: 21).filter { $0.effectiveAt >= yearAgo }
            guard all || usedBy[metric] == nil || stillWanted.contains(metric) else { continue }
            guard let last = latestObservation(of: metric, perspective) else { continue }
            var gaps = zip(recent.dropFirst(), recent).map { $0.effectiveAt.seconds(since: $1.effectiveAt) }.filter { $0 > 0 }
            gaps.sort()
            let cadence = gaps.isEmpty ? nil : gaps[gaps.count / 2]
            let allowance = min(cadence.map { 2 * $0 } ?? settings.metricStalenessSeconds, settings.metricStalenessSeconds)
            let due = last.effectiveAt.adding(seconds: cadence ?? settings.metricStalenessSeconds)
            let quiet = now.seconds(since: last.effectiveAt) > allowance
            guard all || quiet else { continue }
            feeds.append(MetricFeed(metric: metric, observations: observationCount(of: metric, perspective), lastObservedAt: last.effectiveAt,
                                    cadenceSeconds: cadence, dueAt: due, overdueSeconds: now.seconds(since: due), quiet: quiet,
                                    keyResults: (usedBy[metric] ?? []).sorted()))
        }
        feeds.sort { ($0.quiet ? 1 : 0, $0.overdueSeconds, $1.metric) > ($1.quiet ? 1 : 0, $1.overdueSeconds, $0.metric) }
        return FeedReport(asOf: now, feeds: feeds)
    }
}
