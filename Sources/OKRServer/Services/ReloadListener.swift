import Logging
import ServiceLifecycle
import UnixSignals

/// On SIGHUP, re-reads the configuration file and applies what can change while running:
/// access roles and the pace and check-in thresholds. Storage and socket settings need a restart.
struct ReloadListener: Service {
    let configPath: String?
    let router: RequestRouter
    let store: ProjectionStore
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Cancelled at shutdown: that is the normal way out, not an error.
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                reload()
            }
        }
    }

    private func reload() {
        guard let configPath else {
            logger.info("SIGHUP: no configuration file to reload (running on built-in defaults)")
            return
        }
        do {
            let config = try DaemonConfiguration.load(path: configPath)
            router.update(policy: AccessPolicy(config.access))
            store.update(settings: config.projectionSettings)
            logger.info("SIGHUP: reloaded access and thresholds", metadata: ["config": "\(configPath)"])
        } catch {
            logger.error("SIGHUP: configuration not reloaded; keeping the old one", metadata: ["error": "\(error)"])
        }
    }
}
