import CLMDB

/// One observation as the per-metric time index holds it: enough for as-of queries and KR
/// histories without decoding events.
public struct IndexedObservation: Hashable, Sendable {
    public var seq: UInt64
    public var effectiveAt: Instant
    public var recordedAt: Instant
    public var value: Double

    public init(seq: UInt64, effectiveAt: Instant, recordedAt: Instant, value: Double) {
        self.seq = seq
        self.effectiveAt = effectiveAt
        self.recordedAt = recordedAt
        self.value = value
    }
}

extension EventLog {
    /// Up to `limit` events with seq ≥ `seq`, in seq order, read in one short transaction.
    public func events(from seq: UInt64 = 1, limit: Int) throws(EventLogError) -> [StoredEvent] {
        do {
            return try environment.read { transaction in
                try transaction.withCursor(databases.events) { cursor in
                    var events: [StoredEvent] = []
                    events.reserveCapacity(min(limit, 4096))
                    let start = StorageKeys.seqKey(max(seq, 1))
                    var entry = try start.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                    while let (key, value) = entry, events.count < limit {
                        guard let seq = StorageKeys.seq(fromKey: key) else {
                            throw EventLogError(.corrupt, "an events key is \(key.count) bytes, not 8")
                        }
                        do {
                            events.append(try EventRecord.decode(seq: seq, value))
                        } catch {
                            throw EventLogError(.corrupt, "event \(seq) is corrupt: \(error)", seq: seq)
                        }
                        entry = try cursor.move(MDB_NEXT)
                    }
                    return events
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    /// Calls `body` with every event from `seq` on, in seq order, reading ``EventLogOptions/readChunkSize``
    /// events per short transaction; `body` runs outside any transaction.
    public func forEachEvent(from seq: UInt64 = 1, _ body: (StoredEvent) throws -> Void) throws {
        var next = max(seq, 1)
        while true {
            let chunk = try events(from: next, limit: options.readChunkSize)
            for event in chunk { try body(event) }
            guard let last = chunk.last, chunk.count == options.readChunkSize else { return }
            next = last.seq + 1
        }
    }

    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, by effective time (ties by seq),
    /// from the per-metric time index.
    public func observations(of metric: String, from: Instant = .distantPast,
                             through: Instant = .distantFuture) throws(EventLogError) -> [IndexedObservation] {
        let prefix = StorageKeys.metricPrefix(metric)
        do {
            return try environment.read { transaction in
                try transaction.withCursor(databases.metricTime) { cursor in
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
}
