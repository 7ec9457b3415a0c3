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
        try chunk(from: seq, limit: limit, skippingObservations: false).events
    }

    /// Up to `limit` records from `seq` on, read in one short transaction, decoded except for
    /// observations when `skippingObservations`; also the seq of the last record read.
    private func chunk(from seq: UInt64, through bound: UInt64 = .max, limit: Int, skippingObservations: Bool)
        throws(EventLogError) -> (events: [StoredEvent], read: Int, lastSeq: UInt64?)
    {
        do {
            return try environment.read { transaction in
                try transaction.withCursor(databases.events) { cursor in
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

    /// Calls `body` with every event from `seq` on (through `bound`), in seq order, reading ``EventLogOptions/readChunkSize``
    /// records per short transaction; `body` runs outside any transaction. Returns the seq of the
    /// last record read (`seq − 1` when there was none).
    ///
    /// With `skippingObservations`, `MetricObserved` records are passed over by their type code,
    /// neither decoded nor checksummed: for a reader that takes observations from the log's
    /// per-metric indexes instead (``days(of:from:through:limit:descending:)``). ``verify()``
    /// still checks every record.
    @discardableResult
    public func forEachEvent(from seq: UInt64 = 1, through bound: UInt64 = .max, skippingObservations: Bool = false,
                             _ body: (StoredEvent) throws -> Void) throws -> UInt64 {
        var next = max(seq, 1)
        while true {
            let chunk = try chunk(from: next, through: bound, limit: options.readChunkSize, skippingObservations: skippingObservations)
            for event in chunk.events { try body(event) }
            guard let last = chunk.lastSeq else { return next - 1 }
            next = last + 1
            guard chunk.read == options.readChunkSize else { return last }
        }
    }

    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, by effective time (ties by seq),
    /// from the per-metric time index and the backlog of entries not written to it yet.
    public func observations(of metric: String, from: Instant = .distantPast,
                             through: Instant = .distantFuture) throws(EventLogError) -> [IndexedObservation] {
        // The backlog first: an entry leaves it only once written, so the read after sees it either way.
        let held = backlog.withLock { $0.observations(of: metric, from: from, through: through) }
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
