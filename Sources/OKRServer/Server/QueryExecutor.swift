import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where requests other than `observe` run: a few threads of their own at a lower scheduling
/// priority (nice 10) than the log's writer thread and the event loops.
///
/// On two cores, four clients looping over `status`, `kr show` and `report` keep both busy; with
/// the queries on Swift's shared pool at normal priority, a single observation waited for the
/// scheduler behind them (BENCHMARKS.md, figure 7). Here the kernel runs the writer and the
/// event loops first whenever they have work, and the queries take what is left: cron feeds
/// are acknowledged promptly however many dashboards are open, and queries lose only the time
/// commits actually take.
final class QueryExecutor: TaskExecutor, Sendable {
    /// The nice value of the executor's threads (0 is the daemon's own).
    static let niceness: Int32 = 10

    private let jobs = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    /// Starts `threads` threads that run the jobs enqueued, in order; returns once each has
    /// its name and priority.
    init(threads: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        let ready = DispatchSemaphore(value: 0)
        for index in 0..<threads {
            Thread { [self] in
                // Named for ps and /proc; on Linux the nice value belongs to the thread, and 0
                // names the calling one.
                Thread.current.name = "okrd-query-\(index)"
                Self.nameInKernel("okrd-query-\(index)")
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
                ready.signal()
                run()
            }.start()
        }
        for _ in 0..<threads { ready.wait() }
    }

    /// Names the calling thread where ps and /proc read it, before anything else sees it.
    /// Foundation's name setter left a thread unnamed in /proc now and then on a busy machine,
    /// and Glibc's `pthread_setname_np` is not visible from Swift.
    private static func nameInKernel(_ name: String) {
        let descriptor = open("/proc/thread-self/comm", O_WRONLY)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        available.signal()
    }

    private func run() -> Never {
        let executor = asUnownedTaskExecutor()
        while true {
            available.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job.runSynchronously(on: executor)
        }
    }
}
