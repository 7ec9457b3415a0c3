import OKREvents

/// Where a model that keeps only per-day summaries of a metric reads single observations back:
/// the daemon's per-metric time index in LMDB, or (for a model built in memory) nothing at all,
/// because such a model keeps every observation itself.
///
/// The model asks only for a day or less of one metric at a time, plus whole histories for
/// `kr show`; everything else is answered from the summaries.
public protocol ObservationSource: Sendable {
    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, in effective-time order
    /// (ties by seq). It may hold events the model has not folded yet; the model leaves them out.
    func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation]
}
