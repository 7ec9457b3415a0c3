import Logging
import ServiceLifecycle

/// Appends `InsightExpired` (actor `okrd`, effective at the expiry) for each insight whose expiry
/// has passed: once a second while running, and at once on start for those that expired while down.
struct InsightExpirySweeper: Service {
    let processor: CommandProcessor
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        // Cancelled at shutdown, mid-sleep: that is the normal way out, not an error.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let expired = try await processor.expireDueInsights()
                    if expired > 0 { logger.info("insights expired", metadata: ["count": "\(expired)"]) }
                } catch {
                    logger.error("cannot record insight expiry", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
