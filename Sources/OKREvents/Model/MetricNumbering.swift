#if canImport(Glibc)
import Glibc
#endif

/// Numbers the distinct metrics of an ``ObservationBatch`` as its rows arrive (0, 1, 2, … in
/// order of first appearance), so that the writer files each metric's rows under one lookup per
/// batch, not one per row: per row, a CSV import of 20,000 rows a batch over 1,000 metrics would
/// hash a `String` three times (BENCHMARKS.md).
///
/// An open-addressing table of numbers, keyed by the metric's bytes in the batch's text.
struct MetricNumbering: Sendable {
    /// Each metric's bytes in the batch's text, by number (its first appearance).
    private(set) var ranges: [Range<Int>] = []
    /// Each metric's hash, by number (kept to grow the table without hashing again).
    private var hashes: [UInt64] = []
    /// Number + 1 for a taken slot, 0 for a free one; its count is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 16)

    /// The number of distinct metrics.
    var count: Int { ranges.count }

    /// Where a metric was looked for: its number, or the free slot where it goes.
    enum Lookup {
        case numbered(Int32)
        case new(slot: Int, hash: UInt64)
    }

    /// Looks for `metric` among those numbered, whose bytes are in `text`.
    func find(_ metric: UnsafeRawBufferPointer, in text: UnsafeRawBufferPointer) -> Lookup {
        let hash = Self.hash(metric)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != 0 {
            let number = Int(slots[slot] - 1)
            let range = ranges[number]
            if hashes[number] == hash, range.count == metric.count,
               metric.isEmpty || memcmp(metric.baseAddress!, text.baseAddress! + range.lowerBound, metric.count) == 0 {
                return .numbered(Int32(number))
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        return .new(slot: slot, hash: hash)
    }

    /// Numbers the metric at `range` of the text, which ``find(_:in:)`` did not find (`lookup`).
    mutating func add(_ range: Range<Int>, as lookup: Lookup) -> Int32 {
        guard case .new(let slot, let hash) = lookup else { preconditionFailure("metric already numbered") }
        let number = Int32(ranges.count)
        ranges.append(range)
        hashes.append(hash)
        slots[slot] = number + 1
        if ranges.count * 2 > slots.count { grow() }
        return number
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(number + 1)
        }
    }

    /// FNV-1a over 64 bits, then mixed, so that the low bits the table uses depend on every byte.
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
