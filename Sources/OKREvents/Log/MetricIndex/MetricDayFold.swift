import CLMDB

/// One metric's UTC day: the key of a day summary.
struct MetricDay: Hashable, Sendable {
    var metric: String
    /// Days since the epoch.
    var day: Int64

    /// Its key in `metric-day`.
    var storageKey: [UInt8] { StorageKeys.metricDayKey(metric: metric, day: day) }
}

/// The day summaries that one request (or a round, a rebuild, a verify) changes, folded in
/// memory and written once per metric and day: a batch of 10,000 observations over 1,000
/// metrics costs about a thousand reads and writes of `metric-day`, not ten thousand.
///
/// Observations must be added in seq order, so that every summary is the same fold whichever
/// way it was built (one request at a time, or a rebuild from the log), bit for bit.
struct MetricDayFold: Sendable {
    /// Summaries by metric, then by day.
    private(set) var byMetric: [String: [Int64: DaySummary]] = [:]

    var isEmpty: Bool { byMetric.isEmpty }

    /// Every summary with its key.
    var summaries: [(key: MetricDay, summary: DaySummary)] {
        byMetric.flatMap { metric, days in days.map { (MetricDay(metric: metric, day: $0.key), $0.value) } }
    }

    /// Adds one observation of `metric`, starting its day from `stored` the first time (`nil`: a
    /// new day).
    mutating func add(metric: String, value: Double, effectiveAt: Instant, recordedAt: Instant, seq: UInt64,
                      startingFrom stored: (MetricDay) throws -> DaySummary?) rethrows {
        try add(metric: metric, CollectionOfOne(IndexedObservation(seq: seq, effectiveAt: effectiveAt,
                                                                   recordedAt: recordedAt, value: value)),
                startingFrom: stored)
    }

    /// Adds observations of `metric`, in seq order, each day starting from `stored` the first
    /// time: one lookup of the metric, and one of a day for each run of observations on it. The
    /// metric's days are changed in place.
    mutating func add(metric: String, _ observations: some Collection<IndexedObservation>,
                      startingFrom stored: (MetricDay) throws -> DaySummary?) rethrows {
        guard !observations.isEmpty else { return }
        try Self.add(to: &byMetric[metric, default: [:]], metric: metric, observations, startingFrom: stored)
    }

    private static func add(to days: inout [Int64: DaySummary], metric: String,
                            _ observations: some Collection<IndexedObservation>,
                            startingFrom stored: (MetricDay) throws -> DaySummary?) rethrows {
        var current: (day: Int64, summary: DaySummary)?
        for observation in observations {
            let day = DaySummary.day(of: observation.effectiveAt)
            if current?.day == day {
                current!.summary.add(observation)
                continue
            }
            if let current { days[current.day] = current.summary }
            current = (day, try started(observation, from: days[day], MetricDay(metric: metric, day: day), stored))
        }
        if let current { days[current.day] = current.summary }
    }

    /// `key`'s summary with `observation` added: to `held` (these entries'), else to the stored
    /// one, else a new one.
    private static func started(_ observation: IndexedObservation, from held: DaySummary?, _ key: MetricDay,
                                _ stored: (MetricDay) throws -> DaySummary?) rethrows -> DaySummary {
        guard var summary = try held ?? stored(key) else {
            return DaySummary(value: observation.value, effectiveAt: observation.effectiveAt,
                              recordedAt: observation.recordedAt, seq: observation.seq)
        }
        summary.add(observation)
        return summary
    }

    /// The summary folded so far for `key`, if any.
    subscript(key: MetricDay) -> DaySummary? { byMetric[key.metric]?[key.day] }

    /// `metric`'s summaries for days `from...through`, in no order.
    func days(of metric: String, from: Int64, through: Int64) -> [DaySummary] {
        byMetric[metric]?.values.filter { (from...through).contains($0.day) } ?? []
    }

    /// Takes `later`'s summaries over these: `later` was folded starting from them.
    mutating func absorb(_ later: MetricDayFold) {
        for (metric, newer) in later.byMetric {
            byMetric[metric, default: [:]].merge(newer) { _, newer in newer }
        }
    }

    /// Writes every summary to `database`, in key order.
    func write(to database: LMDBDatabase, in transaction: LMDBTransaction) throws {
        try transaction.putInKeyOrder(summaries.map { ($0.key.storageKey, $0.summary.encoded()) }, into: database)
    }
}

private extension DaySummary {
    mutating func add(_ observation: IndexedObservation) {
        add(value: observation.value, effectiveAt: observation.effectiveAt, recordedAt: observation.recordedAt,
            seq: observation.seq)
    }
}
