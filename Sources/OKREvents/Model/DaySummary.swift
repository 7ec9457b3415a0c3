/// One UTC day of one metric's observations, summarised: enough to answer "latest", "first",
/// the least-squares sums and threshold counts for any window that covers the whole day, so
/// that reading a window costs days rather than observations.
///
/// The log keeps one per metric and day in its `metric-day` database, updated in the same
/// transaction as the observations it summarises; a model built in memory keeps its own.
public struct DaySummary: Hashable, Sendable {
    public static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Days since the epoch.
    public var day: Int64
    public var firstAt: Instant
    public var firstValue: Double
    public var lastAt: Instant
    public var lastValue: Double
    public var minValue: Double
    public var maxValue: Double
    public var minRecorded: Instant
    public var maxRecorded: Instant
    /// The highest seq among the day's observations: a reader whose projection has folded less
    /// than this must read the day's observations one by one.
    public var maxSeq: UInt64
    /// x = seconds since the day's start, y = value.
    public var moments: MomentSums

    public init(day: Int64, firstAt: Instant, firstValue: Double, lastAt: Instant, lastValue: Double,
                minValue: Double, maxValue: Double, minRecorded: Instant, maxRecorded: Instant, maxSeq: UInt64,
                moments: MomentSums) {
        (self.day, self.firstAt, self.firstValue, self.lastAt, self.lastValue) = (day, firstAt, firstValue, lastAt, lastValue)
        (self.minValue, self.maxValue, self.minRecorded, self.maxRecorded) = (minValue, maxValue, minRecorded, maxRecorded)
        (self.maxSeq, self.moments) = (maxSeq, moments)
    }
}

extension DaySummary {
    /// A day holding one observation.
    public init(value: Double, effectiveAt: Instant, recordedAt: Instant, seq: UInt64) {
        let day = Self.day(of: effectiveAt)
        self.init(day: day, firstAt: effectiveAt, firstValue: value, lastAt: effectiveAt, lastValue: value,
                  minValue: value, maxValue: value, minRecorded: recordedAt, maxRecorded: recordedAt, maxSeq: seq,
                  moments: MomentSums())
        moments.add(x: effectiveAt.seconds(since: start), y: value)
    }

    /// The UTC day holding `instant`, in days since the epoch.
    public static func day(of instant: Instant) -> Int64 {
        let micros = instant.microsecondsSinceEpoch
        return micros >= 0 ? micros / microsecondsPerDay : (micros + 1) / microsecondsPerDay - 1
    }

    /// The first microsecond of `day`.
    public static func start(of day: Int64) -> Instant { Instant(microsecondsSinceEpoch: day * microsecondsPerDay) }

    /// The last microsecond of `day`.
    public static func last(of day: Int64) -> Instant { Instant(microsecondsSinceEpoch: (day + 1) * microsecondsPerDay - 1) }

    public var start: Instant { Self.start(of: day) }
    public var last: Instant { Self.last(of: day) }

    /// Adds an observation of this day; arriving in seq order, it wins ties at equal times as the
    /// latest and loses them as the first.
    public mutating func add(value: Double, effectiveAt: Instant, recordedAt: Instant, seq: UInt64) {
        moments.add(x: effectiveAt.seconds(since: start), y: value)
        if effectiveAt < firstAt { (firstAt, firstValue) = (effectiveAt, value) }
        if effectiveAt >= lastAt { (lastAt, lastValue) = (effectiveAt, value) }
        minValue = min(minValue, value)
        maxValue = max(maxValue, value)
        minRecorded = min(minRecorded, recordedAt)
        maxRecorded = max(maxRecorded, recordedAt)
        maxSeq = max(maxSeq, seq)
    }

    /// How the day relates to the window `[from, through]` seen with everything recorded by
    /// `knownAt` and folded through `foldedSeq`.
    public func coverage(from: Instant, through: Instant, knownAt: Instant, foldedSeq: UInt64) -> Coverage {
        if lastAt < from || firstAt > through || minRecorded > knownAt { return .none }
        if firstAt >= from, lastAt <= through, maxRecorded <= knownAt, maxSeq <= foldedSeq { return .whole }
        return .part
    }

    /// Whether a day lies in a window: not at all, wholly (its summary answers), or in part (its
    /// observations must be read one by one).
    public enum Coverage: Sendable { case none, whole, part }
}

extension DaySummary {
    /// The size of ``encoded()``: fifteen 8-byte fields (the day itself is in the key).
    public static let encodedSize = 15 * 8

    /// The summary as stored in the log's `metric-day` database (little-endian fields).
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: Self.encodedSize)
        moments.write(to: &writer)
        writer.write(firstAt)
        writer.write(firstValue)
        writer.write(lastAt)
        writer.write(lastValue)
        writer.write(minValue)
        writer.write(maxValue)
        writer.write(minRecorded)
        writer.write(maxRecorded)
        writer.write(maxSeq)
        return writer.bytes
    }

    /// Decodes ``encoded()`` bytes of `day`.
    public init(day: Int64, encoded bytes: UnsafeRawBufferPointer) throws(EventCodecError) {
        var reader = ByteReader(bytes)
        let moments = try MomentSums(from: &reader)
        self.init(day: day, firstAt: try reader.readInstant(), firstValue: try reader.readDouble(),
                  lastAt: try reader.readInstant(), lastValue: try reader.readDouble(),
                  minValue: try reader.readDouble(), maxValue: try reader.readDouble(),
                  minRecorded: try reader.readInstant(), maxRecorded: try reader.readInstant(),
                  maxSeq: try reader.readUInt64(), moments: moments)
        guard reader.remaining == 0 else { throw .trailingBytes(reader.remaining) }
    }
}
