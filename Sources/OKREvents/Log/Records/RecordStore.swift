import CLMDB
import Synchronization

/// The `events` database: one record per seq, from 1 without a gap, and the seq of the last one
/// committed.
///
/// The log's writer is its only writer (``put(_:seq:in:)``, then ``publish(through:)`` once the
/// round is committed); readers take short read transactions of their own, on any thread.
final class RecordStore: Sendable {
    let environment: LMDBEnvironment
    let database: LMDBDatabase
    /// Records read per short transaction by the whole-log walks.
    private let chunkSize: Int
    private let committedSeq: Atomic<UInt64>

    /// Takes over `database` and reads the seq of its last record.
    init(environment: LMDBEnvironment, database: LMDBDatabase, chunkSize: Int) throws {
        self.environment = environment
        self.database = database
        self.chunkSize = chunkSize
        let last = try environment.read { transaction in
            try transaction.withCursor(database) { cursor in
                try cursor.move(MDB_LAST).flatMap { StorageKeys.seq(fromKey: $0.key) } ?? 0
            }
        }
        committedSeq = Atomic(last)
    }

    /// The seq of the last committed event (0 for an empty log).
    var lastSeq: UInt64 { committedSeq.load(ordering: .acquiring) }

    /// Makes the records through `seq` known to readers of ``lastSeq``: after their commit.
    func publish(through seq: UInt64) { committedSeq.store(seq, ordering: .releasing) }

    /// Writes `record` under `seq`, after every record there is (`MDB_APPEND`).
    func put(_ record: UnsafeRawBufferPointer, seq: UInt64, in transaction: LMDBTransaction) throws {
        try withUnsafeBytes(of: seq.bigEndian) { try transaction.put(database, $0, record, flags: MDB_APPEND) }
    }

    /// The stored event `seq`, which something else points at (`what` names it for the error
    /// when the record is missing).
    func event(_ seq: UInt64, pointedAtBy what: String, in transaction: LMDBTransaction) throws -> StoredEvent {
        guard let record = try transaction.get(database, StorageKeys.seqKey(seq)) else {
            throw EventLogError(.corrupt, "\(what) points at missing seq \(seq)", seq: seq)
        }
        return try EventRecord.decode(seq: seq, record)
    }

    /// Up to `limit` records from `seq` on (through `bound`), read in one short transaction,
    /// decoded except for observations when `skippingObservations`; also how many were read and
    /// the seq of the last one.
    func chunk(from seq: UInt64, through bound: UInt64 = .max, limit: Int, skippingObservations: Bool)
        throws(EventLogError) -> (events: [StoredEvent], read: Int, lastSeq: UInt64?)
    {
        do {
            return try environment.read { transaction in
                try transaction.withCursor(database) { cursor in
                    var events: [StoredEvent] = []
                    events.reserveCapacity(min(limit, 4096))
                    var read = 0
                    var lastSeq: UInt64?
                    let start = StorageKeys.seqKey(max(seq, 1))
                    var entry = try start.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                    while let (key, value) = entry, read < limit {
                        guard let seq = StorageKeys.seq(fromKey: key) else {
                            throw EventLogError(.corrupt, "an events key is \(key.count) bytes, not 8")
                        }
                        if seq > bound { break }
                        read += 1
                        lastSeq = seq
                        if !(skippingObservations && EventRecord.isObservation(value)) {
                            do {
                                events.append(try EventRecord.decode(seq: seq, value))
                            } catch {
                                throw EventLogError(.corrupt, "event \(seq) is corrupt: \(error)", seq: seq)
                            }
                        }
                        entry = try cursor.move(MDB_NEXT)
                    }
                    return (events, read, lastSeq)
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    /// Calls `body` with every event from `seq` on (through `bound`), a chunk per short
    /// transaction, `body` outside any; returns the seq of the last record read (`seq − 1` when none).
    func forEachEvent(from seq: UInt64, through bound: UInt64, skippingObservations: Bool,
                      _ body: (StoredEvent) throws -> Void) throws -> UInt64 {
        var next = max(seq, 1)
        while true {
            let chunk = try chunk(from: next, through: bound, limit: chunkSize, skippingObservations: skippingObservations)
            for event in chunk.events { try body(event) }
            guard let last = chunk.lastSeq else { return next - 1 }
            next = last + 1
            guard chunk.read == chunkSize else { return last }
        }
    }

    /// Calls `body` with each observation after `seq` that `transaction` sees, in seq order, and
    /// returns how many observation records could not be decoded (left out).
    func forEachObservation(after seq: UInt64, in transaction: LMDBTransaction,
                            _ body: (MetricObserved, StoredEvent) throws -> Void) throws -> Int {
        var damaged = 0
        try transaction.withCursor(database) { cursor in
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

    /// Calls `body` with every raw record in key order, a chunk per short read transaction, which
    /// `body` also gets (for lookups in other databases); `body` answers `false` to stop. For the
    /// whole-log checks (``LogVerifier``).
    func walk(_ body: (LMDBTransaction, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        var start = StorageKeys.seqKey(1)
        while true {
            let next: [UInt8]? = try environment.read { transaction in
                try transaction.withCursor(database) { cursor in
                    var read = 0
                    var entry = try start.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                    while let (key, value) = entry, read < chunkSize {
                        read += 1
                        guard try body(transaction, key, value) else { return nil }
                        entry = try cursor.move(MDB_NEXT)
                    }
                    return entry.map { Array($0.key) }
                }
            }
            guard let next else { return }
            start = next
        }
    }
}
