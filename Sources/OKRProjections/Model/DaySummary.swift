import OKREvents

/// One UTC day of one metric's observations, summarised: enough to answer "latest", "first",
/// the least-squares sums and threshold counts for any window that covers the whole day, so
/// that the model's size grows with days rather than with observations.
struct DaySummary: Sendable {
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Days since the epoch.
    var day: Int64
    var firstAt: Instant
    var firstValue: Double
    var lastAt: Instant
    var lastValue: Double
    var minValue: Double
    var maxValue: Double
    var minRecorded: Instant
    var maxRecorded: Instant
    /// x = seconds since the day's start, y = value.
    var moments: MomentSums
}

extension DaySummary {
    /// A day holding one observation.
    init(value: Double, effectiveAt: Instant, recordedAt: Instant) {
        let day = Self.day(of: effectiveAt)
        self.init(day: day, firstAt: effectiveAt, firstValue: value, lastAt: effectiveAt, lastValue: value,
                  minValue: value, maxValue: value, minRecorded: recordedAt, maxRecorded: recordedAt, moments: MomentSums())
        moments.add(x: effectiveAt.seconds(since: start), y: value)
    }

    static func day(of instant: Instant) -> Int64 {
        let micros = instant.microsecondsSinceEpoch
        return micros >= 0 ? micros / microsecondsPerDay : (micros + 1) / microsecondsPerDay - 1
    }

    var start: Instant { Instant(microsecondsSinceEpoch: day * Self.microsecondsPerDay) }
    /// The day's last microsecond.
    var last: Instant { Instant(microsecondsSinceEpoch: (day + 1) * Self.microsecondsPerDay - 1) }

    /// Adds an observation of this day; arriving in seq order, it wins ties at equal times as the
    /// latest and loses them as the first.
    mutating func add(value: Double, effectiveAt: Instant, recordedAt: Instant) {
        moments.add(x: effectiveAt.seconds(since: start), y: value)
        if effectiveAt < firstAt { (firstAt, firstValue) = (effectiveAt, value) }
        if effectiveAt >= lastAt { (lastAt, lastValue) = (effectiveAt, value) }
        minValue = min(minValue, value)
        maxValue = max(maxValue, value)
        minRecorded = min(minRecorded, recordedAt)
        maxRecorded = max(maxRecorded, recordedAt)
    }

    /// How the day relates to the window `[from, through]` seen with everything recorded by `knownAt`.
    func coverage(from: Instant, through: Instant, knownAt: Instant) -> Coverage {
        if lastAt < from || firstAt > through || minRecorded > knownAt { return .none }
        if firstAt >= from, lastAt <= through, maxRecorded <= knownAt { return .whole }
        return .part
    }

    enum Coverage { case none, whole, part }
}
