import CLMDB
import Logging
import Synchronization

/// The per-metric indexes, `metric-time` (every observation by metric, time and seq) and
/// `metric-day` (each metric's day summaries), with the seq they cover (`indexed-through` in
/// `meta`) and the backlog of entries not written to them yet.
///
/// The indexes lag the log: what a commit must hold for an acknowledgement is the event and its
/// idempotency entry; index entries wait in memory and are written a few thousand at a time
/// (``write(_:through:in:)``). Readers merge the backlog in (MetricIndexReads.swift); opening a
/// log indexes the events after `indexed-through` into the backlog again
/// (``indexTail(after:records:)``), so a crash loses nothing of the indexes.
///
/// Why: 64 clients observing 64 metrics dirtied one `metric-time` leaf per metric and their
/// branch pages in every commit, about 70 pages written and flushed where the record alone needs
/// a few (BENCHMARKS.md).
final class MetricIndex: Sendable {
    let environment: LMDBEnvironment
    let timeDatabase: LMDBDatabase
    let dayDatabase: LMDBDatabase
    private let meta: LMDBDatabase
    private let logger: Logger
    /// Index entries of committed observations not yet written; changed by the writer only, read
    /// by every index reader.
    private let backlog = Mutex(IndexEntries())

    init(environment: LMDBEnvironment, time: LMDBDatabase, day: LMDBDatabase, meta: LMDBDatabase, logger: Logger) {
        self.environment = environment
        timeDatabase = time
        dayDatabase = day
        self.meta = meta
        self.logger = logger
    }

    /// What the backlog holds now: a copy, for a reader that looks at it many times (the
    /// writer's next change then copies the backlog once).
    var held: IndexEntries { backlog.withLock { $0 } }

    /// `body`'s answer about the backlog, under its lock: for a single look, which copies nothing.
    func withHeld<T>(_ body: (IndexEntries) -> T) -> T { backlog.withLock { body($0) } }

    /// How many observations the backlog holds.
    var heldCount: Int { backlog.withLock { $0.count } }

    /// Adds a committed round's entries to the backlog: before anyone learns of their seqs.
    func hold(_ round: IndexEntries) {
        guard !round.isEmpty else { return }
        backlog.withLock { $0.absorb(round) }
    }

    /// Empties the backlog, once a commit has written it.
    func releaseHeld() { backlog.withLock { $0 = IndexEntries() } }

    /// The summary of `key` as the log has it so far: the backlog's, else `metric-day`'s.
    func storedDay(_ key: MetricDay, in transaction: LMDBTransaction) throws -> DaySummary? {
        if let held = backlog.withLock({ $0.day(key) }) { return held }
        return try writtenDay(key, in: transaction)
    }

    /// The summary of `key` in `metric-day`.
    func writtenDay(_ key: MetricDay, in transaction: LMDBTransaction) throws -> DaySummary? {
        guard let stored = try transaction.get(dayDatabase, key.storageKey) else { return nil }
        return try DaySummary(day: key.day, encoded: stored)
    }

    /// Writes `entries` to `metric-time` and `metric-day`, and records that the indexes now cover
    /// every event through `seq`.
    func write(_ entries: IndexEntries, through seq: UInt64, in transaction: LMDBTransaction) throws {
        try entries.write(timeIndex: timeDatabase, dayIndex: dayDatabase, in: transaction)
        try Self.recordIndexedThrough(seq, in: transaction, meta)
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

    /// At open: indexes into the backlog the observations `records` holds after the seq the
    /// indexes cover (what the last process held in memory when it stopped).
    func catchUp(with records: RecordStore) throws {
        let last = records.lastSeq
        let indexed = try environment.read { try Self.indexedThrough(in: $0, meta) } ?? last
        guard indexed < last else { return }
        let held = try indexTail(after: indexed, records: records)
        logger.info("indexed the events the per-metric indexes did not cover yet", metadata: [
            "after": "\(indexed)", "through": "\(last)", "observations": "\(held)"])
    }

    /// Indexes the observations after `seq` into the backlog. Returns how many there were.
    func indexTail(after seq: UInt64, records: RecordStore) throws -> Int {
        var entries = IndexEntries()
        try environment.read { transaction in
            // A damaged record is left out here; firstDamage() and verify() name it.
            _ = try records.forEachObservation(after: seq, in: transaction) { observation, event in
                try entries.add(metric: observation.metric, value: observation.value,
                                effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: event.seq) {
                    try writtenDay($0, in: transaction)
                }
            }
        }
        backlog.withLock { $0 = entries }
        return entries.count
    }

    /// Writes the backlog out (at close, once the writer has stopped), so that a cleanly closed
    /// log is wholly indexed through `lastSeq`. On failure the backlog stays for the next open
    /// to rebuild.
    func writeBacklog(through lastSeq: UInt64) {
        let entries = held
        guard !entries.isEmpty else { return }
        do {
            try environment.write { transaction in try write(entries, through: lastSeq, in: transaction) }
            releaseHeld()
        } catch {
            logger.error("cannot write the index backlog at close; the next start rebuilds it",
                         metadata: ["error": "\(error)", "observations": "\(entries.count)"])
        }
    }

    /// Builds `metric-day` afresh from the observations in `records`, in seq order (the upgrade
    /// from storage format 1, which had no such database). Undecodable records are left out and
    /// reported: ``LogVerifier/verify()`` names them.
    func rebuildDays(from records: RecordStore, in transaction: LMDBTransaction) throws -> Int {
        try transaction.empty(dayDatabase)
        var fold = MetricDayFold()
        let skipped = try records.forEachObservation(after: 0, in: transaction) { observation, event in
            fold.add(metric: observation.metric, value: observation.value,
                     effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: event.seq) { _ in nil }
        }
        try fold.write(to: dayDatabase, in: transaction)
        if skipped > 0 {
            logger.error("\(skipped) damaged observation records were left out of the day summaries; run verify")
        }
        return fold.summaries.count
    }
}
