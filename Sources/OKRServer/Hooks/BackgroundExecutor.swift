import Glibc
import NIOCore
import NIOPosix

/// Where hooks do their work: one event-loop thread at the lowest CPU priority (SCHED_IDLE), as a
/// task executor for the workers and as the event loop of the HTTP client. Deliveries, their
/// notices and their JSON then use the CPU commits and answers leave, so that however many
/// deliveries wait, a commit never waits for one (SPEC §13); under a load that takes every core
/// the hooks fall behind, and catch up when it eases.
public final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    /// The thread's event loop group, for the HTTP client.
    public let group: MultiThreadedEventLoopGroup
    private let loop: any EventLoop

    public init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        loop = group.next()
        // SCHED_IDLE: the thread runs only when no other wants the CPU, and gives way at once
        // when one wakes. On Linux the policy (like the nice value) is the calling thread's alone.
        loop.execute {
            var parameters = sched_param(sched_priority: 0)
            // SCHED_IDLE is 5 (linux/sched.h); Glibc does not export its name to Swift.
            if sched_setscheduler(0, 5, &parameters) != 0 {
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            }
        }
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
