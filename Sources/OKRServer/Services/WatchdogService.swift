import Logging
import OKREvents
import ServiceLifecycle

/// Sends `WATCHDOG=1` at half of `$WATCHDOG_USEC` while okrd is healthy: its event loop runs and
/// its log still answers reads. If either stalls, systemd (`WatchdogSec=`) restarts okrd.
struct WatchdogService: Service {
    let notifier: SystemdNotifier
    let interval: Duration
    let log: EventLog
    let logger: Logger

    /// `nil` unless systemd asked for a watchdog (for this process, when `$WATCHDOG_PID` is set).
    init?(environment: [String: String], notifier: SystemdNotifier, log: EventLog, logger: Logger, pid: Int32) {
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], let ownerPID = Int32(owner), ownerPID != pid { return nil }
        self.notifier = notifier
        self.interval = .microseconds(Int64(usec / 2))
        self.log = log
        self.logger = logger
    }

    func run() async throws {
        logger.info("systemd watchdog on", metadata: ["interval": "\(interval)"])
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if !notifier.isReady {
                    // systemd expects READY=1 before the first ping.
                } else if (try? log.events(from: log.lastSeq, limit: 1)) != nil {
                    notifier.notify("WATCHDOG=1")
                } else {
                    logger.error("log unreadable: withholding the watchdog ping")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
