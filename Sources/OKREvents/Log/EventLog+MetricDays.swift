import CLMDB

/// The day summaries that one request (or a rebuild) changes, folded in memory and written once
/// per metric and day: a batch of 10,000 observations over 1,000 metrics costs about a thousand
/// reads and writes of `metric-day`, not ten thousand.
///
/// Observations must be added in seq order, so that every summary is the same fold whichever
/// way it was built (one request at a time, or a rebuild from the log), bit for bit.
struct MetricDayFold {
    private var days: [[UInt8]: DaySummary] = [:]

    var isEmpty: Bool { days.isEmpty }

    /// Adds one observation, starting its day from what `transaction` holds the first time.
    mutating func add(_ observation: MetricObserved, effectiveAt: Instant, recordedAt: Instant, seq: UInt64,
                      stored database: LMDBDatabase, in transaction: LMDBTransaction) throws {
        try add(observation, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq) { key, day in
            guard let stored = try key.withUnsafeBytes({ try transaction.get(database, $0) }) else { return nil }
            return try DaySummary(day: day, encoded: stored)
        }
    }

    /// Adds one observation, starting its day from `stored` the first time (`nil`: a new day).
    mutating func add(_ observation: MetricObserved, effectiveAt: Instant, recordedAt: Instant, seq: UInt64,
                      startingFrom stored: (_ key: [UInt8], _ day: Int64) throws -> DaySummary?) rethrows {
        let day = DaySummary.day(of: effectiveAt)
        let key = StorageKeys.metricDayKey(metric: observation.metric, day: day)
        if days[key] != nil {
            days[key]!.add(value: observation.value, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq)
        } else if var summary = try stored(key, day) {
            summary.add(value: observation.value, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq)
            days[key] = summary
        } else {
            days[key] = DaySummary(value: observation.value, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq)
        }
    }

    /// Writes every changed day.
    func write(to database: LMDBDatabase, in transaction: LMDBTransaction) throws {
        for (key, summary) in days {
            let value = summary.encoded()
            try key.withUnsafeBytes { key in try value.withUnsafeBytes { try transaction.put(database, key, $0) } }
        }
    }

    /// The folded days, keyed as `metric-day` keys them (for ``EventLog/verify()``).
    var summaries: [[UInt8]: DaySummary] { days }
}

extension EventLog {
    /// Up to `limit` day summaries of `metric` for days `from...through` (days since the epoch),
    /// ascending, or descending from `through` when `descending`. Read in one short transaction;
    /// a summary may include observations committed after the caller's projection was (see
    /// ``DaySummary/maxSeq``).
    public func days(of metric: String, from: Int64 = .min, through: Int64 = .max, limit: Int = .max,
                     descending: Bool = false) throws(EventLogError) -> [DaySummary] {
        guard from <= through, limit > 0 else { return [] }
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
        var skipped = 0
        try transaction.withCursor(databases.events) { cursor in
            var entry = try cursor.move(MDB_FIRST)
            while let (key, value) = entry {
                if EventRecord.isObservation(value), let seq = StorageKeys.seq(fromKey: key) {
                    if let event = try? EventRecord.decode(seq: seq, value), case .metricObserved(let observation) = event.payload {
                        try fold.add(observation, effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: seq,
                                     stored: databases.metricDay, in: transaction)
                    } else {
                        skipped += 1
                    }
                }
                entry = try cursor.move(MDB_NEXT)
            }
        }
        try fold.write(to: databases.metricDay, in: transaction)
        if skipped > 0 {
            logger.error("\(skipped) damaged observation records were left out of the day summaries; run verify")
        }
        return fold.summaries.count
    }
}
