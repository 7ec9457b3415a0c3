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

    /// Adds one observation of `metric`; its day starts from `stored` (the day as the log has it
    /// so far) unless these entries already changed it.
    mutating func add(metric: String, value: Double, effectiveAt: Instant, recordedAt: Instant, seq: UInt64,
                      startingFrom stored: (MetricDay) throws -> DaySummary?) rethrows {
        observations[metric, default: []].append(
            IndexedObservation(seq: seq, effectiveAt: effectiveAt, recordedAt: recordedAt, value: value))
        count += 1
        try days.add(metric: metric, value: value, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, startingFrom: stored)
    }

    /// Adds observations of `metric`, in seq order, as ``add(metric:value:effectiveAt:recordedAt:seq:startingFrom:)``
    /// adds each: one lookup of the metric for all of them.
    mutating func add(metric: String, _ added: ArraySlice<IndexedObservation>,
                      startingFrom stored: (MetricDay) throws -> DaySummary?) rethrows {
        guard !added.isEmpty else { return }
        observations[metric, default: []].append(contentsOf: added)
        count += added.count
        try days.add(metric: metric, added, startingFrom: stored)
    }

    /// Takes in entries appended after these (their days were folded starting from these), in
    /// place: a metric's observations are appended to those held, not copied with them.
    mutating func absorb(_ later: IndexEntries) {
        guard !later.isEmpty else { return }
        for (metric, added) in later.observations {
            observations[metric, default: []].append(contentsOf: added)
        }
        count += later.count
        days.absorb(later.days)
    }

    /// The day summary these entries hold for `key`.
    func day(_ key: MetricDay) -> DaySummary? { days[key] }

    /// `metric`'s observations with `from ≤ effectiveAt ≤ through`, in seq order.
    func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation] {
        observations[metric]?.filter { $0.effectiveAt >= from && $0.effectiveAt <= through } ?? []
    }

    /// The latest time of `metric`'s observations.
    func newest(of metric: String) -> Instant? {
        observations[metric]?.lazy.map(\.effectiveAt).max()
    }

    /// The seq of an observation of `metric` at `at` with `value`, if these entries hold one.
    func seq(of metric: String, at: Instant, value: Double) -> UInt64? {
        observations[metric]?.first { $0.effectiveAt == at && $0.value == value }?.seq
    }

    /// `metric`'s day summaries for days `from...through`, in no order.
    func days(of metric: String, from: Int64, through: Int64) -> [DaySummary] {
        days.days(of: metric, from: from, through: through)
    }

    /// Writes everything to `metric-time` and `metric-day`, each in key order: metrics by their
    /// bytes, then each metric's observations by time and seq, through one cursor and one key
    /// buffer, not a pair of arrays built and sorted per observation (a flush holds 65,536).
    func write(timeIndex: LMDBDatabase, dayIndex: LMDBDatabase, in transaction: LMDBTransaction) throws {
        let metrics = observations.map { (bytes: Array($0.key.utf8), entries: $0.value) }
            .sorted { StorageKeys.compare($0.bytes, $1.bytes) < 0 }
        try transaction.withCursor(timeIndex) { cursor in
            var key: [UInt8] = []
            for (metricBytes, unsorted) in metrics {
                var entries = unsorted
                if !entries.isSorted(by: Self.keyOrder) { entries.sort(by: Self.keyOrder) }
                key.removeAll(keepingCapacity: true)
                key.append(contentsOf: metricBytes)
                key.append(0)
                let prefix = key.count
                for observation in entries {
                    key.removeSubrange(prefix...)
                    StorageKeys.bigEndian(StorageKeys.biased(observation.effectiveAt), into: &key)
                    StorageKeys.bigEndian(observation.seq, into: &key)
                    var value = (observation.value.bitPattern.littleEndian, UInt64(bitPattern: observation.recordedAt.microsecondsSinceEpoch).littleEndian)
                    try key.withUnsafeBytes { key in try withUnsafeBytes(of: &value) { try cursor.put(key, $0) } }
                }
            }
        }
        try days.write(to: dayIndex, in: transaction)
    }

    /// The order of a metric's `metric-time` keys: by time, then seq.
    private static func keyOrder(_ a: IndexedObservation, _ b: IndexedObservation) -> Bool {
        a.effectiveAt != b.effectiveAt ? a.effectiveAt < b.effectiveAt : a.seq < b.seq
    }
}

private extension Array where Element == IndexedObservation {
    func isSorted(by inOrder: (Element, Element) -> Bool) -> Bool {
        indices.dropFirst().allSatisfy { !inOrder(self[$0], self[$0 - 1]) }
    }
}
