import Logging
import OKREvents
import OKRProjections

/// The projection's observations: the log's per-metric day summaries and time index, read in
/// short read-only transactions that never wait for the writer.
struct IndexedObservationSource: ObservationSource {
    let log: EventLog
    let logger: Logger

    func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation] {
        do {
            return try log.observations(of: metric, from: from, through: through)
        } catch {
            logger.error("reading the observations of \(metric) failed: \(error.message)")
            return []
        }
    }

    func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) -> [DaySummary] {
        do {
            return try log.days(of: metric, from: from, through: through, limit: limit, descending: descending)
        } catch {
            logger.error("reading the day summaries of \(metric) failed: \(error.message)")
            return []
        }
    }
}
