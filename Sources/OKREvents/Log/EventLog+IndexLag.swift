import CLMDB

/// The per-metric indexes lag the log: what a commit must hold for an acknowledgement is the
/// event and its idempotency entry; `metric-time` and `metric-day` entries wait in memory (the
/// backlog) and are written a few thousand at a time, with the seq they then cover under
/// `indexed-through` in `meta`. Readers merge the backlog in; opening a log indexes the events
/// after `indexed-through` into the backlog again, so a crash loses nothing of the indexes.
///
/// Why: 64 clients observing 64 metrics dirtied one `metric-time` leaf per metric and their
/// branch pages in every commit, about 70 pages written and flushed where the record alone needs
/// a few (BENCHMARKS.md).
extension EventLog {
    /// The summary of `key` as the log has it so far: the backlog's, else `metric-day`'s.
    func storedDay(_ key: MetricDay, in transaction: LMDBTransaction) throws -> DaySummary? {
        if let held = backlog.withLock({ $0.day(key) }) { return held }
        return try writtenDay(key, in: transaction)
    }

    /// The summary of `key` in `metric-day`.
    func writtenDay(_ key: MetricDay, in transaction: LMDBTransaction) throws -> DaySummary? {
        guard let stored = try transaction.get(databases.metricDay, key.storageKey) else { return nil }
        return try DaySummary(day: key.day, encoded: stored)
    }

    /// Writes `entries` to `metric-time` and `metric-day`, and records that the indexes now cover
    /// every event through `seq`.
    func writeIndex(_ entries: IndexEntries, through seq: UInt64, in transaction: LMDBTransaction) throws {
        try entries.write(timeIndex: databases.metricTime, dayIndex: databases.metricDay, in: transaction)
        try EventLog.recordIndexedThrough(seq, in: transaction, databases.meta)
    }

    static func recordIndexedThrough(_ seq: UInt64, in transaction: LMDBTransaction, _ meta: LMDBDatabase) throws {
        var value = ByteWriter(capacity: 8)
        value.write(seq)
        try transaction.put(meta, StorageKeys.indexedThroughKey, value.bytes)
    }

    /// The seq through which `metric-time` and `metric-day` hold every observation; `nil` when
    /// the log does not record it (storage format 2 and older, indexed in each append's transaction).
    static func indexedThrough(in transaction: LMDBTransaction, _ meta: LMDBDatabase) throws -> UInt64? {
        guard let stored = try transaction.get(meta, StorageKeys.indexedThroughKey) else { return nil }
        var reader = ByteReader(stored)
        return try reader.readUInt64("indexed-through")
    }

    /// Indexes the observations after `seq` into the backlog (at open: what the last process held
    /// in memory when it stopped). Returns how many there were.
    func indexTail(after seq: UInt64) throws -> Int {
        var entries = IndexEntries()
        try environment.read { transaction in
            // A damaged record is left out here; firstDamage() and verify() name it.
            _ = try forEachObservation(after: seq, in: transaction) { observation, event in
                try entries.add(metric: observation.metric, value: observation.value,
                                effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: event.seq) {
                    try writtenDay($0, in: transaction)
                }
            }
        }
        backlog.withLock { $0 = entries }
        return entries.count
    }

    /// Calls `body` with each observation after `seq` that `transaction` sees, in seq order, and
    /// returns how many observation records could not be decoded (left out).
    func forEachObservation(after seq: UInt64, in transaction: LMDBTransaction,
                            _ body: (MetricObserved, StoredEvent) throws -> Void) throws -> Int {
        var damaged = 0
        try transaction.withCursor(databases.events) { cursor in
            var entry = try StorageKeys.seqKey(seq + 1).withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
            while let (key, value) = entry {
                if EventRecord.isObservation(value), let seq = StorageKeys.seq(fromKey: key) {
                    if let event = try? EventRecord.decode(seq: seq, value), case .metricObserved(let observation) = event.payload {
                        try body(observation, event)
                    } else {
                        damaged += 1
                    }
                }
                entry = try cursor.move(MDB_NEXT)
            }
        }
        return damaged
    }

    /// Writes the backlog out (at close, once the writer has stopped), so that a cleanly closed
    /// log is wholly indexed. On failure the backlog stays for the next open to rebuild.
    func writeBacklog() {
        let entries = backlog.withLock { $0 }
        guard !entries.isEmpty else { return }
        do {
            try environment.write { transaction in try writeIndex(entries, through: lastSeq, in: transaction) }
            backlog.withLock { $0 = IndexEntries() }
        } catch {
            logger.error("cannot write the index backlog at close; the next start rebuilds it",
                         metadata: ["error": "\(error)", "observations": "\(entries.count)"])
        }
    }
}
