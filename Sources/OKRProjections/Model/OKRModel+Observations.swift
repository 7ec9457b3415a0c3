import OKREvents

/// Queries over one metric's observations, answered from per-day summaries where they suffice.
extension OKRModel {
    var reader: MetricHistory.Reader { MetricHistory.Reader(source: observationSource, lastSeq: lastSeq, memo: memo) }

    /// The metric's history; a model that reads its observations from a source answers for
    /// metrics it has not seen an observation of since it started (a replay passes them over).
    func history(_ metric: String) -> MetricHistory? {
        metrics[metric] ?? (observationSource == nil ? nil : MetricHistory(metric: metric, keepsObservations: false))
    }

    /// The observation of `metric` with the greatest `effectiveAt ≤ min(asOf, through)` (ties: the higher seq).
    public func latestObservation(of metric: String, _ perspective: Perspective, through: Instant? = nil) -> ObservedValue? {
        history(metric)?.latest(perspective, through: through, reader)
    }

    /// The observation of `metric` with the least `effectiveAt` in `[from, min(asOf, through)]`.
    public func firstObservation(of metric: String, _ perspective: Perspective, from: Instant, through: Instant) -> ObservedValue? {
        history(metric)?.first(perspective, from: from, through: through, reader)
    }

    /// The least-squares sums (x in seconds since `from`) of `metric`'s observations in
    /// `[from, min(asOf, through)]`, and how many held `threshold` when given.
    public func observationSummary(of metric: String, _ perspective: Perspective, from: Instant, through: Instant,
                                   threshold: (target: Double, atMost: Bool)? = nil) -> WindowSummary {
        history(metric)?.summary(perspective, from: from, through: through, threshold: threshold, reader) ?? WindowSummary()
    }

    /// Every observation of `metric` in `[from, min(asOf, through)]`, in time order.
    public func observations(of metric: String, _ perspective: Perspective, from: Instant, through: Instant) -> [IndexedObservation] {
        history(metric)?.observations(perspective, from: from, through: through, reader) ?? []
    }

    /// The last `count` observations of `metric` known at the perspective, in time order.
    public func recentObservations(of metric: String, _ perspective: Perspective, count: Int) -> [IndexedObservation] {
        history(metric)?.recent(perspective, count: count, reader) ?? []
    }

    /// How many observations of `metric` count from the perspective.
    public func observationCount(of metric: String, _ perspective: Perspective) -> Int {
        observationSummary(of: metric, perspective, from: .distantPast, through: perspective.asOf).count
    }

    /// `metric` as one value per UTC day (SPEC §14); `nil` when it has no observation.
    public func dailySeries(of metric: String, _ perspective: Perspective) -> DailySeries? {
        history(metric).flatMap { DailySeries(observed: $0.dailyLast(perspective, reader)) }
    }
}
