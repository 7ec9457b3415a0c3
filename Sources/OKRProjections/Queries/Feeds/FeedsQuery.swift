import OKREvents

/// What a `feeds` query asks for: the feeds as `perspective` sees them; `all` for every metric,
/// not only the quiet ones still wanted.
public struct FeedsQuery: Hashable, Sendable {
    public var perspective: Perspective
    public var all: Bool

    public init(_ perspective: Perspective, all: Bool = false) {
        self.perspective = perspective
        self.all = all
    }
}

extension FeedsQuery: ModelQuery {
    /// Each metric's last observation and cadence; quiet feeds first, most overdue first.
    ///
    /// A feed is quiet when nothing arrived for twice its usual cadence (the median of its last
    /// 20 gaps), or for longer than the staleness limit — whichever comes first.
    ///
    /// A metric measured only by key results of closed cycles (and by no north star) is no
    /// longer a feed: the cycle is graded and nothing waits for it, so it is left out unless `all`
    /// asks for every metric. History brought over from another tool (one metric per imported
    /// key result, docs/IMPORT.md) leaves `feeds` once its cycles are closed.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> FeedReport {
        let now = perspective.asOf
        var usedBy: [String: [String]] = [:]
        var stillWanted: Set<String> = Set(model.northStars.values.filter { perspective.knows($0.stamp) }.map(\.definition.metric))
        for record in model.keyResults.values where perspective.knows(record.defined.stamp) && !record.drops.any(perspective) {
            let metric = record.current(perspective).metric
            usedBy[metric, default: []].append(record.defined.definition.id)
            let cycle = model.objectives[record.objective(perspective)].flatMap { model.cycles[$0.defined.definition.cycle] }
            if cycle.map({ !$0.closes.any(perspective) }) ?? true { stillWanted.insert(metric) }
        }
        var feeds: [MetricFeed] = []
        let yearAgo = now.adding(seconds: -366 * 86_400)
        for metric in model.metrics.keys {
            let recent = model.recentObservations(of: metric, perspective, count: 21).filter { $0.effectiveAt >= yearAgo }
            guard all || usedBy[metric] == nil || stillWanted.contains(metric) else { continue }
            guard let last = model.latestObservation(of: metric, perspective) else { continue }
            var gaps = zip(recent.dropFirst(), recent).map { $0.effectiveAt.seconds(since: $1.effectiveAt) }.filter { $0 > 0 }
            gaps.sort()
            let cadence = gaps.isEmpty ? nil : gaps[gaps.count / 2]
            let allowance = min(cadence.map { 2 * $0 } ?? settings.metricStalenessSeconds, settings.metricStalenessSeconds)
            let due = last.effectiveAt.adding(seconds: cadence ?? settings.metricStalenessSeconds)
            let quiet = now.seconds(since: last.effectiveAt) > allowance
            guard all || quiet else { continue }
            feeds.append(MetricFeed(metric: metric, observations: model.observationCount(of: metric, perspective), lastObservedAt: last.effectiveAt,
                                    cadenceSeconds: cadence, dueAt: due, overdueSeconds: now.seconds(since: due), quiet: quiet,
                                    keyResults: (usedBy[metric] ?? []).sorted()))
        }
        feeds.sort { ($0.quiet ? 1 : 0, $0.overdueSeconds, $1.metric) > ($1.quiet ? 1 : 0, $1.overdueSeconds, $0.metric) }
        return FeedReport(asOf: now, feeds: feeds)
    }
}
