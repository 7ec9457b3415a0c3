import Logging

/// Appends `InsightExpired` (actor `okrd`, effective at the expiry) for each insight whose expiry
/// has passed: once a second while running, and at once on start for those that expired while down.
enum InsightExpirySweeper {
    static func service(definitions: DefinitionsFeature, logger: Logger, interval: Duration = .seconds(1)) -> PeriodicTask {
        PeriodicTask(interval: interval) {
            do {
                let expired = try await definitions.expireDueInsights()
                if expired > 0 { logger.info("insights expired", metadata: ["count": "\(expired)"]) }
            } catch {
                logger.error("cannot record insight expiry", metadata: ["error": "\(error)"])
            }
        }
    }
}
