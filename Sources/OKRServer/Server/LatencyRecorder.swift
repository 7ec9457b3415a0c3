import OKRWire
import Synchronization

/// How long okrd took to answer each method, over the last 4,096 requests of each (for `stats`).
final class LatencyRecorder: Sendable {
    private struct Samples {
        var count = 0
        var ring = [Double](repeating: 0, count: LatencyRecorder.capacity)

        mutating func add(_ seconds: Double) {
            ring[count % LatencyRecorder.capacity] = seconds
            count += 1
        }
    }

    static let capacity = 4096
    private let samples = Mutex<[String: Samples]>([:])

    /// Records one request's handling time in seconds.
    func record(_ method: String, seconds: Double) {
        samples.withLock { all in
            // In place: copying the entry out and back would copy its 32 KB ring every request.
            all[method, default: Samples()].add(seconds)
        }
    }

    /// Percentiles per method, slowest p99 first.
    /// Records the time from `started` until now.
    func record(_ method: String, since started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        record(method, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    func snapshot() -> StatsResult {
        let copy = samples.withLock { $0 }
        let methods = copy.map { method, entry -> MethodStats in
            let recent = Array(entry.ring.prefix(min(entry.count, Self.capacity))).sorted()
            func percentile(_ p: Double) -> Double {
                recent[min(recent.count - 1, Int((p * Double(recent.count)).rounded(.up)) - 1)] * 1000
            }
            return MethodStats(method: method, count: entry.count, p50Ms: percentile(0.5), p99Ms: percentile(0.99),
                               maxMs: (recent.last ?? 0) * 1000)
        }.sorted { $0.p99Ms > $1.p99Ms }
        return StatsResult(methods: methods)
    }
}
