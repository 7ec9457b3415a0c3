import OKREvents

/// Where a model that keeps only per-day summaries of a metric reads single observations back:
/// the daemon's per-metric time index in LMDB, or (for a model built in memory) nothing at all,
/// because such a model keeps every observation itself.
///
/// The model asks only for a day or less of one metric at a time, plus whole histories for
/// `kr show`; everything else is answered from the summaries.
public protocol ObservationSource: Sendable {
    /// The observations of `metric` with `from ≤ effectiveAt ≤ through` and `seq ≤ lastSeq`, in
    /// effective-time order (ties by seq).
    func observations(of metric: String, from: Instant, through: Instant, lastSeq: UInt64) -> [IndexedObservation]
}
