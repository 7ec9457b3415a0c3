import Foundation
import Synchronization

/// The okrd processes the tests have started and not yet stopped. Whatever is still running
/// when the test process exits (a daemon shared by the cases of a suite is never released) is
/// killed then, so that no test leaves a daemon behind on the machine.
enum LiveDaemons {
    private static let pids = Mutex<Set<Int32>>([])
    private static let killAtExit: Void = {
        atexit {
            for pid in LiveDaemons.pids.withLock({ $0 }) { kill(pid, SIGKILL) }
        }
    }()

    static func started(_ pid: Int32) {
        _ = killAtExit
        pids.withLock { _ = $0.insert(pid) }
    }

    static func stopped(_ pid: Int32) {
        pids.withLock { _ = $0.remove(pid) }
    }
}
