import Logging
import OKREvents
import ServiceLifecycle
import UnixSignals

/// On SIGHUP, re-reads the configuration file and applies what can change while running:
/// access roles, the pace and check-in thresholds, and the organisation's calendar (recorded in
/// the log when it changed). Storage and socket settings need a restart.
struct ReloadListener: Service {
    let configPath: String?
    let router: RequestRouter
    let store: ProjectionStore
    /// The log a changed calendar is recorded in; `nil` for a log read up to its damage.
    let log: EventLog?
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Cancelled at shutdown: that is the normal way out, not an error.
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                await reload()
            }
        }
    }

    private func reload() async {
        guard let configPath else {
            logger.info("SIGHUP: no configuration file to reload (running on built-in defaults)")
            return
        }
        do {
            let config = try DaemonConfiguration.load(path: configPath)
            router.update(policy: AccessPolicy(config.access))
            store.update(settings: config.projectionSettings)
            logger.info("SIGHUP: reloaded access and thresholds", metadata: ["config": "\(configPath)"])
            if let log, try await CalendarRecorder.record(config.calendarSet, log: log, store: store) {
                logger.notice("SIGHUP: organisation calendar recorded", metadata: ["timeZone": "\(config.timeZone)"])
            }
        } catch {
            logger.error("SIGHUP: configuration not reloaded; keeping the old one", metadata: ["error": "\(error)"])
        }
    }
}
