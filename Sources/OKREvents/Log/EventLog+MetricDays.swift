import CLMDB

extension EventLog {
    /// Up to `limit` day summaries of `metric` for days `from...through` (days since the epoch),
    /// ascending, or descending from `through` when `descending`. Read in one short transaction
    /// and merged with the backlog of days not written yet; a summary may include observations
    /// committed after the caller's projection was (see ``DaySummary/maxSeq``).
    public func days(of metric: String, from: Int64 = .min, through: Int64 = .max, limit: Int = .max,
                     descending: Bool = false) throws(EventLogError) -> [DaySummary] {
        guard from <= through, limit > 0 else { return [] }
        // The backlog first: a day leaves it only once written, so the read after sees it either way.
        let held = backlog.withLock { $0.days(of: metric, from: from, through: through) }
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
                try transaction.withCursor(databases.metricDay) { cursor in
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

    /// Builds `metric-day` afresh from the observations in the log, in seq order (the upgrade
    /// from storage format 1, which had no such database). Undecodable records are left out and
    /// reported: ``verify()`` names them.
    func rebuildMetricDays(in transaction: LMDBTransaction) throws -> Int {
        try transaction.empty(databases.metricDay)
        var fold = MetricDayFold()
        let skipped = try forEachObservation(after: 0, in: transaction) { observation, event in
            fold.add(metric: observation.metric, value: observation.value,
                     effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: event.seq) { _ in nil }
        }
        try fold.write(to: databases.metricDay, in: transaction)
        if skipped > 0 {
            logger.error("\(skipped) damaged observation records were left out of the day summaries; run verify")
        }
        return fold.summaries.count
    }
}
