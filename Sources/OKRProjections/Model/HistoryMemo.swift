import OKREvents
import Synchronization

/// Sums over runs of whole days of one metric, remembered between queries by a model that
/// reads its days from an ``ObservationSource``: `status` asks every key result for the sums of
/// its cycle, and without the memo each would read and merge a day summary per day of the cycle
/// from the log on every call.
///
/// An entry is used only while it still holds (``MetricHistory/unchanged(_:since:)``): no
/// observation was folded in since, or only ones on later days (the usual cron feed). A back-fill
/// into an earlier day retires every entry of its metric. Only sums of days whose observations
/// were all folded and all known to the perspective are remembered, and used only by
/// perspectives that know at least as much. Shared by copies of a model (a class), bounded.
public final class DaySumsMemo: Sendable {
    /// Where a metric stood when sums were remembered.
    struct State: Hashable, Sendable {
        var changeSeq: UInt64
        var backfillSeq: UInt64
        var latestDay: Int64
    }

    struct Key: Hashable, Sendable {
        var metric: String
        var firstDay: Int64
        var lastDay: Int64
        var threshold: Double?
        var atMost: Bool
    }

    struct Entry: Sendable {
        var state: State
        /// The latest recording among the days: perspectives that know less may see less.
        var maxRecorded: Instant
        /// x = seconds since the first day's start.
        var sums: WindowSummary
    }

    /// Past this many entries the memo starts again (as-of queries each leave their own).
    static let capacity = 16_384
    private let entries = Mutex<[Key: Entry]>([:])
    private let hitCount = Atomic<Int>(0)

    public init() {}

    func sums(_ key: Key, for history: MetricHistory, knownAt: Instant) -> WindowSummary? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard history.unchanged(key.firstDay...key.lastDay, since: entry.state) else {
                entries[key] = nil
                return nil
            }
            guard knownAt >= entry.maxRecorded else { return nil }
            hitCount.add(1, ordering: .relaxed)
            return entry.sums
        }
    }

    func remember(_ sums: WindowSummary, _ key: Key, for history: MetricHistory, maxRecorded: Instant) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(state: history.state, maxRecorded: maxRecorded, sums: sums)
        }
    }

    /// The number of entries.
    public var count: Int { entries.withLock { $0.count } }

    /// How many queries were answered from remembered sums.
    public var hits: Int { hitCount.load(ordering: .relaxed) }
}
