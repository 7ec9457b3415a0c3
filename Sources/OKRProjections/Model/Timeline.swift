import OKREvents

/// Values stamped with their effective and recorded times, kept in effective-time order (ties by
/// seq), so that "the latest as of t, known at k" is a binary search and a short walk back.
///
/// Back-dated events land in the middle; events in order append at the end.
public struct Timeline<Value: Sendable>: Sendable {
    /// One value and its stamp.
    public struct Entry: Sendable {
        public var stamp: Stamp
        public var value: Value
    }

    /// All entries, in effective-time order.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Adds a value; amortised O(1) when stamps arrive in order.
    public mutating func insert(_ value: Value, at stamp: Stamp) {
        let entry = Entry(stamp: stamp, value: value)
        if let last = entries.last, Stamp.precedes(stamp, last.stamp) {
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if Stamp.precedes(entries[middle].stamp, stamp) { low = middle + 1 } else { high = middle }
            }
            entries.insert(entry, at: low)
        } else {
            entries.append(entry)
        }
    }

    /// The number of entries with `effectiveAt ≤ instant`.
    func countEffective(through instant: Instant) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].stamp.effectiveAt <= instant { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The latest entry that counts from `perspective` with `effectiveAt ≤ limit` (ties: higher seq).
    public func latest(_ perspective: Perspective, through limit: Instant? = nil) -> Entry? {
        let bound = min(perspective.asOf, limit ?? perspective.asOf)
        var index = countEffective(through: bound) - 1
        while index >= 0 {
            if entries[index].stamp.recordedAt <= perspective.knownAt { return entries[index] }
            index -= 1
        }
        return nil
    }

    /// The entries that count from `perspective`, in effective-time order, optionally within
    /// `from ≤ effectiveAt ≤ through`.
    public func visible(_ perspective: Perspective, from: Instant = .distantPast, through: Instant? = nil) -> [Entry] {
        let bound = min(perspective.asOf, through ?? perspective.asOf)
        let end = countEffective(through: bound)
        var result: [Entry] = []
        var index = end - 1
        while index >= 0, entries[index].stamp.effectiveAt >= from {
            if entries[index].stamp.recordedAt <= perspective.knownAt { result.append(entries[index]) }
            index -= 1
        }
        return result.reversed()
    }

    /// Whether any entry counts from `perspective`.
    public func any(_ perspective: Perspective) -> Bool { latest(perspective) != nil }
}
