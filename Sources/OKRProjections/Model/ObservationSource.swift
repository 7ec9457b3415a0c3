import OKREvents

/// Where a model that does not keep its observations reads them back: the daemon's per-metric
/// indexes in LMDB (`metric-day` for day summaries, `metric-time` for single observations).
/// A model built in memory has none, because it keeps every observation itself.
///
/// Both may hold events the model has not folded yet; the model leaves those out (see
/// ``DaySummary/maxSeq``).
public protocol ObservationSource: Sendable {
    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, in effective-time order
    /// (ties by seq).
    func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation]

    /// Up to `limit` day summaries of `metric` for days `from...through` (days since the epoch),
    /// ascending, or descending from `through` when `descending`.
    func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) -> [DaySummary]
}
