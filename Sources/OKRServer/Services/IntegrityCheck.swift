import Foundation
import Logging
import OKREvents
import ServiceLifecycle

/// Checks every record of the log once after start-up, in the background (start-up replays only
/// what its snapshot does not cover, so damage deeper in the log would otherwise go unseen until
/// someone runs `verify`). On damage, okrd stops serving the log and stops appending to it, says
/// why to every client and to systemd, and keeps running so that `verify` still answers.
struct IntegrityCheck: Service {
    let log: EventLog
    let health: LogHealth
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        let started = ContinuousClock.now
        let log = self.log
        // A plain thread: the scan blocks on reads of the map for as long as the log is big. At
        // the lowest priority (nice 19, for this thread alone): a scrub of a large log takes a
        // core for a while right after a start, when clients come back, and must yield to them.
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<LogDamage?, EventLogError>, Never>) in
            Thread {
                // On Linux the nice value is per thread, and 0 names the calling one (setpriority(2), NOTES).
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                continuation.resume(returning: Result { () throws(EventLogError) in try log.firstDamage() })
            }.start()
        }
        switch outcome {
        case .success(nil):
            logger.info("every record checked", metadata: ["events": "\(log.lastSeq)", "took": "\(ContinuousClock.now - started)"])
        case .success(let damage?):
            health.set(.damaged(damage))
            log.refuseAppends(EventLogError(.corrupt, LogHealth.damagedMessage(damage), seq: damage.seq))
            logger.critical("\(LogHealth.damagedMessage(damage))")
            notifier.notify("STATUS=event log damaged at seq \(damage.seq): restore from backup")
        case .failure(let error) where error.kind == .closed:
            return
        case .failure(let error):
            logger.error("the integrity check could not read the log", metadata: ["error": "\(error.message)"])
        }
    }
}
