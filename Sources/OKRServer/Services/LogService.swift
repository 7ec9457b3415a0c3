import Logging
import OKREvents
import ServiceLifecycle

/// Owns the event log's lifetime: it runs first and stops last, so the log closes only after the
/// socket server has answered everything in flight.
struct LogService: Service {
    let log: EventLog
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        log.close()
        logger.info("event log closed", metadata: ["lastSeq": "\(log.lastSeq)"])
    }
}
