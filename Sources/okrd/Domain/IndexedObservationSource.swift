import Logging
import OKREvents
import OKRProjections

/// The projection's way back to single observations: the log's per-metric time index, read in
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
}
