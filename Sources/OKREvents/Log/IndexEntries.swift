import CLMDB

/// The index entries of some appended observations: their `metric-time` entries and the day
/// summaries they changed. One request's, one round's, or what the log holds back in memory.
struct IndexEntries: Sendable {
    /// Each metric's observations, in seq order.
    private(set) var observations: [String: [IndexedObservation]] = [:]
    /// Each changed day's summary, folded over everything before it.
    private(set) var days = MetricDayFold()
    /// The number of observations.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 && days.isEmpty }

    /// Adds one observation; its day starts from `stored` (the day as the log has it so far) unless
    /// these entries already changed it.
    mutating func add(_ observation: MetricObserved, effectiveAt: Instant, recordedAt: Instant, seq: UInt64,
                      startingFrom stored: (MetricDay) throws -> DaySummary?) rethrows {
        observations[observation.metric, default: []].append(
            IndexedObservation(seq: seq, effectiveAt: effectiveAt, recordedAt: recordedAt, value: observation.value))
        count += 1
        try days.add(observation, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, startingFrom: stored)
    }

    /// Takes in entries appended after these (their days were folded starting from these).
    mutating func absorb(_ later: IndexEntries) {
        guard !later.isEmpty else { return }
        observations.merge(later.observations) { $0 + $1 }
        count += later.count
        days.absorb(later.days)
    }

    /// The day summary these entries hold for `key`.
    func day(_ key: MetricDay) -> DaySummary? { days[key] }

    /// `metric`'s observations with `from ≤ effectiveAt ≤ through`, in seq order.
    func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation] {
        observations[metric]?.filter { $0.effectiveAt >= from && $0.effectiveAt <= through } ?? []
    }

    /// `metric`'s day summaries for days `from...through`, in no order.
    func days(of metric: String, from: Int64, through: Int64) -> [DaySummary] {
        days.days(of: metric, from: from, through: through)
    }

    /// Writes everything to `metric-time` and `metric-day`, each in key order.
    func write(timeIndex: LMDBDatabase, dayIndex: LMDBDatabase, in transaction: LMDBTransaction) throws {
        var entries: [(key: [UInt8], value: [UInt8])] = []
        entries.reserveCapacity(count)
        for (metric, observations) in observations {
            for observation in observations {
                var value = ByteWriter(capacity: 16)
                value.write(observation.value)
                value.write(observation.recordedAt)
                entries.append((StorageKeys.metricTimeKey(metric: metric, effectiveAt: observation.effectiveAt, seq: observation.seq),
                                value.bytes))
            }
        }
        try transaction.putInKeyOrder(entries, into: timeIndex)
        try days.write(to: dayIndex, in: transaction)
    }
}
