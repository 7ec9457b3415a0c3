import Synchronization

/// How hard okrd is writing (append requests answered, from the log's own counter), so that hook
/// deliveries give way while commits need the CPUs.
///
/// SCHED_IDLE keeps the hooks' own thread off a busy CPU, but not the kernel's work for what it
/// sends: each delivery over TCP costs the network stack's time in softirq, which no scheduling
/// policy defers. While okrd answers more than ``busyRate`` appends a second, each hook therefore
/// sends at most one delivery every ``pace`` (fifty a second), and catches up at full speed once
/// the writes ease. At people's pace (and a cron job's) a hook never notices; under a load that
/// takes the machine, commits keep their CPU. The measure is okrd's own writing, not the
/// machine's load, so the deliveries' own CPU cannot keep them paced after the writes stop.
final class WriteLoad: Sendable {
    /// Append requests a second above which deliveries are paced.
    static let busyRate = 1_000.0
    /// The least time between two deliveries of one hook while okrd is busy writing.
    static let pace = Duration.milliseconds(20)
    /// How often ``sample(requests:)`` is called.
    static let interval = Duration.milliseconds(100)

    private struct Sample {
        var requests: Int?
        var at = ContinuousClock.now
        var busy = false
    }

    private let state = Mutex(Sample())

    /// Whether okrd answered more than ``busyRate`` appends a second between the last two samples.
    var isBusy: Bool { state.withLock { $0.busy } }

    /// Takes the log's count of append requests answered so far, at `now`.
    func sample(requests: Int, at now: ContinuousClock.Instant = .now) {
        state.withLock { sample in
            if let earlier = sample.requests {
                let elapsed = now - sample.at
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                sample.busy = seconds > 0 && Double(requests - earlier) / seconds > Self.busyRate
            }
            (sample.requests, sample.at) = (requests, now)
        }
    }
}
