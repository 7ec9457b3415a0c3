import Logging
import OKREvents
import OKRProjections
import Synchronization

/// The projection's observations: the log's per-metric day summaries and time index, read in
/// short read-only transactions that never wait for the writer. A read that fails throws (the
/// query answers an error naming the metric) and is counted in ``failedReads``.
struct IndexedObservationSource: ObservationSource {
    let log: EventLog
    let logger: Logger
    let failedReads: ReadErrorCounter

    func observations(of metric: String, from: Instant, through: Instant) throws(ObservationReadError) -> [IndexedObservation] {
        do {
            return try log.observations(of: metric, from: from, through: through)
        } catch {
            throw failure(metric, "observations", error)
        }
    }

    func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) throws(ObservationReadError) -> [DaySummary] {
        do {
            return try log.days(of: metric, from: from, through: through, limit: limit, descending: descending)
        } catch {
            throw failure(metric, "day summaries", error)
        }
    }

    private func failure(_ metric: String, _ what: String, _ error: EventLogError) -> ObservationReadError {
        failedReads.add()
        logger.error("reading the \(what) of \(metric) failed: \(error.message)")
        return ObservationReadError(metric: metric, message: error.message)
    }
}

/// How many observation reads failed since okrd started (`okrd_read_errors_total`).
final class ReadErrorCounter: Sendable {
    private let count = Atomic<Int>(0)

    func add() { count.add(1, ordering: .relaxed) }

    var value: Int { count.load(ordering: .relaxed) }
}
