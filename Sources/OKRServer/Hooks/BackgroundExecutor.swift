import Glibc
import NIOCore
import NIOPosix
import Synchronization

/// Where hooks do their work: one event-loop thread at the lowest CPU priority (SCHED_IDLE), as a
/// task executor for the workers and as the event loop of the HTTP client. Deliveries, their
/// notices and their JSON then use the CPU commits and answers leave, so that however many
/// deliveries wait, a commit never waits for one (SPEC §13); under a load that takes every core
/// the hooks fall behind, and catch up when it eases.
public final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    /// The thread's event loop group, for the HTTP client.
    public let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop
    /// The thread (its `pthread_t`), once it has lowered its own priority: what ``hurry()`` raises.
    private let thread = Atomic<UInt>(0)

    public init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        // SCHED_IDLE: the thread runs only when no other wants the CPU, and gives way at once
        // when one wakes. On Linux the policy (like the nice value) is the calling thread's alone.
        loop.execute { [self] in
            var parameters = sched_param(sched_priority: 0)
            // SCHED_IDLE is 5 (linux/sched.h); Glibc does not export its name to Swift.
            if sched_setscheduler(0, 5, &parameters) != 0 {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            }
            self.thread.store(UInt(pthread_self()), ordering: .releasing)
        }
    }

    /// Gives the thread an ordinary share of the CPU again, so that at shutdown its workers
    /// finish at once: on a busy machine a SCHED_IDLE thread may wait many seconds for a turn,
    /// and okrd would wait with it. Linux lets a thread leave SCHED_IDLE when its RLIMIT_NICE
    /// allows nice 0 (root, or okrd.service's `LimitNICE=+0`); else it stays, and shutdown waits.
    public func hurry() {
        let id = thread.load(ordering: .acquiring)
        guard id != 0 else { return }
        var parameters = sched_param(sched_priority: 0)
        _ = pthread_setschedparam(pthread_t(id), SCHED_OTHER, &parameters)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }

    /// Stops the thread once nothing runs on it any more.
    public func shutdown() async {
        try? await group.shutdownGracefully()
    }
}
