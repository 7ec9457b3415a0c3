import CLMDB

/// Reading the per-metric indexes: each answer merges what `metric-time` or `metric-day` holds
/// with the backlog of entries not written yet, read first (an entry leaves the backlog only
/// once written, so the read after sees it either way).
extension MetricIndex {
    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, by effective time (ties by seq),
    /// from the per-metric time index and the backlog of entries not written to it yet.
    func observations(of metric: String, from: Instant = .distantPast,
                      through: Instant = .distantFuture) throws(EventLogError) -> [IndexedObservation] {
        // The backlog first: an entry leaves it only once written, so the read after sees it either way.
        let held = withHeld { $0.observations(of: metric, from: from, through: through) }
        let stored = try storedObservations(of: metric, from: from, through: through)
        guard !held.isEmpty else { return stored }
        // Both may hold an entry (written between the two reads).
        let heldSeqs = Set(held.map(\.seq))
        var merged = stored.filter { !heldSeqs.contains($0.seq) }
        merged += held
        merged.sort { $0.effectiveAt != $1.effectiveAt ? $0.effectiveAt < $1.effectiveAt : $0.seq < $1.seq }
        return merged
    }

    /// `observations(of:from:through:)` as `metric-time` alone holds them.
    private func storedObservations(of metric: String, from: Instant,
                                    through: Instant) throws(EventLogError) -> [IndexedObservation] {
        let prefix = StorageKeys.metricPrefix(metric)
        do {
            return try environment.read { transaction in
                try transaction.withCursor(timeDatabase) { cursor in
                    var found: [IndexedObservation] = []
                    let start = StorageKeys.metricTimeKey(metric: metric, effectiveAt: from, seq: 0)
                    var entry = try start.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                    while let (key, value) = entry, key.count == prefix.count + 16,
                          key.starts(with: prefix), value.count == 16 {
                        let effectiveAt = StorageKeys.unbiased(StorageKeys.readBigEndian(key, at: prefix.count))
                        guard effectiveAt <= through else { break }
                        var reader = ByteReader(value)
                        let observed = try reader.readDouble("value")
                        let recordedAt = try reader.readInstant("recordedAt")
                        found.append(IndexedObservation(
                            seq: StorageKeys.readBigEndian(key, at: prefix.count + 8),
                            effectiveAt: effectiveAt, recordedAt: recordedAt, value: observed))
                        entry = try cursor.move(MDB_NEXT)
                    }
                    return found
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    /// Up to `limit` day summaries of `metric` for days `from...through` (days since the epoch),
    /// ascending, or descending from `through` when `descending`. Read in one short transaction
    /// and merged with the backlog of days not written yet; a summary may include observations
    /// committed after the caller's projection was (see ``DaySummary/maxSeq``).
    func days(of metric: String, from: Int64 = .min, through: Int64 = .max, limit: Int = .max,
              descending: Bool = false) throws(EventLogError) -> [DaySummary] {
        guard from <= through, limit > 0 else { return [] }
        // The backlog first: a day leaves it only once written, so the read after sees it either way.
        let held = withHeld { $0.days(of: metric, from: from, through: through) }
        let stored = try storedDays(of: metric, from: from, through: through, limit: limit, descending: descending)
        guard !held.isEmpty else { return stored }
        // Both may hold a day (written between the two reads): the later fold has the higher maxSeq.
        var merged = Dictionary(uniqueKeysWithValues: stored.map { ($0.day, $0) })
        for day in held where (merged[day.day]?.maxSeq ?? 0) <= day.maxSeq { merged[day.day] = day }
        let ordered = merged.values.sorted { descending ? $0.day > $1.day : $0.day < $1.day }
        return Array(ordered.prefix(limit))
    }

    /// `days(of:from:through:limit:descending:)` as `metric-day` alone holds them.
    private func storedDays(of metric: String, from: Int64, through: Int64, limit: Int,
                            descending: Bool) throws(EventLogError) -> [DaySummary] {
        let prefix = StorageKeys.metricPrefix(metric)
        let keySize = prefix.count + 8
        do {
            return try environment.read { transaction in
                try transaction.withCursor(dayDatabase) { cursor in
                    var found: [DaySummary] = []
                    var entry: (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)?
                    if descending {
                        // The first key after `through`'s (a longer key sorts after its prefix), then back one.
                        var seek = StorageKeys.metricDayKey(metric: metric, day: through)
                        seek.append(0)
                        entry = try seek.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                        entry = try cursor.move(entry == nil ? MDB_LAST : MDB_PREV)
                    } else {
                        let seek = StorageKeys.metricDayKey(metric: metric, day: from)
                        entry = try seek.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                    }
                    while let (key, value) = entry, key.count == keySize, key.starts(with: prefix), found.count < limit {
                        let day = StorageKeys.day(fromMetricDayKey: key)
                        guard descending ? day >= from : day <= through else { break }
                        do {
                            found.append(try DaySummary(day: day, encoded: value))
                        } catch {
                            throw EventLogError(.corrupt, "the day summary of \(metric) on day \(day) is damaged: \(error)")
                        }
                        entry = try cursor.move(descending ? MDB_PREV : MDB_NEXT)
                    }
                    return found
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    /// Calls `body` with a cursor on `metric-time` in `transaction`, for the lookups below.
    func withTimeCursor<T>(in transaction: LMDBTransaction, _ body: (inout LMDBCursor) throws -> T) throws -> T {
        try transaction.withCursor(timeDatabase, body)
    }

    /// The newest time `metric-time` holds for `metric`.
    static func newestWritten(of metric: String, cursor: inout LMDBCursor) throws -> Instant? {
        let prefix = StorageKeys.metricPrefix(metric)
        let pastLast = prefix + [UInt8](repeating: 0xFF, count: 16)
        let after = try pastLast.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
        guard let last = try (after == nil ? cursor.move(MDB_LAST) : cursor.move(MDB_PREV)),
              last.key.count == prefix.count + 16, last.key.starts(with: prefix)
        else { return nil }
        return StorageKeys.unbiased(StorageKeys.readBigEndian(last.key, at: prefix.count))
    }

    /// The seq of an observation of `metric` at `at` with `value` in `metric-time`, if any.
    static func writtenSeq(of metric: String, at: Instant, value: Double, cursor: inout LMDBCursor) throws -> UInt64? {
        var prefix = StorageKeys.metricPrefix(metric)
        StorageKeys.bigEndian(StorageKeys.biased(at), into: &prefix)
        var entry = try prefix.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
        while let (key, stored) = entry, key.count == prefix.count + 8, key.starts(with: prefix) {
            if stored.count >= 8, Double(bitPattern: UInt64(littleEndian: stored.loadUnaligned(as: UInt64.self))) == value {
                return StorageKeys.readBigEndian(key, at: prefix.count)
            }
            entry = try cursor.move(MDB_NEXT)
        }
        return nil
    }
}
