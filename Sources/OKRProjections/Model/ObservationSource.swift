import OKREvents
import Synchronization

/// Where a model that does not keep its observations reads them back: the daemon's per-metric
/// indexes in LMDB (`metric-day` for day summaries, `metric-time` for single observations).
/// A model built in memory has none, because it keeps every observation itself.
///
/// Both may hold events the model has not folded yet; the model leaves those out (see
/// ``DaySummary/maxSeq``). A read that fails throws: it is never taken for "no data".
public protocol ObservationSource: Sendable {
    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, in effective-time order
    /// (ties by seq).
    func observations(of metric: String, from: Instant, through: Instant) throws(ObservationReadError) -> [IndexedObservation]

    /// Up to `limit` day summaries of `metric` for days `from...through` (days since the epoch),
    /// ascending, or descending from `through` when `descending`.
    func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) throws(ObservationReadError) -> [DaySummary]
}

/// A read of a metric's observations that failed (the storage below could not answer).
public struct ObservationReadError: Error, Hashable, Sendable {
    public var metric: String
    public var message: String

    public init(metric: String, message: String) {
        self.metric = metric
        self.message = message
    }
}

/// The observation reads that failed while one answer was worked out. A query that met one
/// remembers nothing of it (no memo entry, so nothing in a snapshot either), and the answer is an
/// error naming the metric instead of a report that takes the failure for "no data". The answer
/// being worked out is ``current`` (a task-local value the daemon sets around each query).
public final class ObservationReadFailures: Sendable {
    private let failures = Mutex<[ObservationReadError]>([])

    public init() {}

    /// The failures of the answer being worked out in this task, if someone is collecting them.
    @TaskLocal public static var current: ObservationReadFailures?

    func record(_ failure: ObservationReadError) {
        failures.withLock { $0.append(failure) }
    }

    /// The first failure recorded; `nil` when every read succeeded.
    public var first: ObservationReadError? { failures.withLock { $0.first } }

    /// Whether every read succeeded.
    public var isEmpty: Bool { failures.withLock { $0.isEmpty } }
}
