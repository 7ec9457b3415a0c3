import CLMDB
import struct FoundationEssentials.UUID

/// The writer's path for an ``ObservationBatch``: the same records, idempotency entries and index
/// entries as appending the batch's events one by one, encoded straight from the batch's bytes.
/// A row costs no `String` but its metric (small ones are stored inline), no array, no copy of
/// an event, and no ``StoredEvent`` for `onCommit` (BENCHMARKS.md, figure 1).
extension EventLog {
    /// Why `batch` cannot be stored at all, as ``refusal(of:)-([NewEvent])`` says for events.
    static func refusal(of batch: ObservationBatch) -> EventLogError? {
        for row in batch.rows {
            let indexable = batch.withBytes(row.metric) { metric in
                metric.count <= StorageKeys.maxIndexedTextBytes && !metric.contains(0)
            }
            if !indexable {
                return EventLogError(.invalidEvent, "metric key '\(batch.string(row.metric).prefix(40))…' cannot be indexed")
            }
        }
        return nil
    }

    /// Writes `batch` as ``append(_:in:nextSeq:collecting:keep:index:record:storedDay:)`` writes
    /// events; refusals throw ``EventLogError`` and leave the nested transaction to be aborted.
    func append(_ batch: ObservationBatch, in transaction: LMDBTransaction, nextSeq: inout UInt64,
                collecting committed: inout [CommittedEvents.Row], keep: Bool, index entries: inout IndexEntries,
                record: inout ByteWriter, storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        let repeats = batch.hasKeys ? try repeatedKeys(of: batch, in: transaction) : BatchRepeats()
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(batch.count)
        if keep { committed.reserveCapacity(batch.count) }
        var keySeqs: [UInt64] = repeats.newKeys.isEmpty ? [] : Array(repeating: 0, count: batch.count)
        var actor = ByteWriter(capacity: 32)
        actor.write(batch.actor)
        let ids = uuids.withLock { generator in (0..<batch.count).map { _ in generator.next() } }
        try batch.text.withUnsafeBytes { text in
            try actor.bytes.withUnsafeBytes { actor in
                for index in 0..<batch.count {
                    if !repeats.of.isEmpty, let repeated = repeats.of[index] {
                        outcomes.append(repeated.outcome(after: outcomes))
                        continue
                    }
                    let row = batch.rows[index]
                    let seq = nextSeq
                    let id = ids[index]
                    let recordedAt = clock()
                    let effectiveAt = row.effectiveAt.map(Instant.init(microsecondsSinceEpoch:)) ?? recordedAt
                    Self.encode(row, text: text, seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                actor: actor, into: &record)
                    try withUnsafeBytes(of: seq.bigEndian) { seqKey in
                        try record.bytes.withUnsafeBytes { try transaction.put(databases.events, seqKey, $0, flags: MDB_APPEND) }
                    }
                    if !keySeqs.isEmpty { keySeqs[index] = seq }
                    let metric = String(decoding: text[row.metric], as: UTF8.self)
                    try entries.add(metric: metric, value: row.value, effectiveAt: effectiveAt, recordedAt: recordedAt,
                                    seq: seq, startingFrom: storedDay)
                    outcomes.append(AppendOutcome(seq: seq, id: id, duplicate: false))
                    if keep {
                        committed.append(CommittedEvents.Row(index: index, seq: seq, id: id, recordedAt: recordedAt,
                                                             effectiveAt: effectiveAt))
                    }
                    nextSeq += 1
                }
            }
            guard !repeats.newKeys.isEmpty else { return }
            try transaction.withCursor(databases.idempotency) { cursor in
                var value: (UInt64, UInt8) = (0, 0)
                for index in repeats.newKeys {
                    let row = batch.rows[index]
                    value = (keySeqs[index].bigEndian, row.effectiveAt == nil ? 0 : 1)
                    try withUnsafeBytes(of: &value) { value in
                        try cursor.put(UnsafeRawBufferPointer(rebasing: text[row.key!]), UnsafeRawBufferPointer(rebasing: value[0..<9]))
                    }
                }
            }
        }
        return outcomes
    }

    /// The idempotency keys of one batch, looked up.
    struct BatchRepeats {
        /// What each row repeats, by index (`nil`: it is new); empty when no row has a key.
        var of: [Repeat?] = []
        /// The rows whose key is seen for the first time, in key order.
        var newKeys: [Int] = []
    }

    /// Finds, in key order, each keyed row that repeats a stored event or an earlier row, and
    /// checks that a repeat has the same content (else a conflict is thrown).
    private func repeatedKeys(of batch: ObservationBatch, in transaction: LMDBTransaction) throws -> BatchRepeats {
        let rows = batch.rows
        var repeats = BatchRepeats(of: Array(repeating: nil, count: rows.count))
        try batch.text.withUnsafeBytes { text in
            func key(_ index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: text[rows[index].key!]) }
            var keyed = rows.indices.filter { rows[$0].key != nil }
            keyed.sort {
                let order = StorageKeys.compare(key($0), key($1))
                return order == 0 ? $0 < $1 : order < 0
            }
            repeats.newKeys.reserveCapacity(keyed.count)
            var leader = -1
            try transaction.withCursor(databases.idempotency) { cursor in
                for (position, index) in keyed.enumerated() {
                    if position > 0, StorageKeys.compare(key(keyed[position - 1]), key(index)) == 0 {
                        // Same key as an earlier row: it repeats whatever that one repeats.
                        guard Self.sameContent(rows[index], as: rows[leader], text: text) else {
                            throw Self.keyUsedTwice(key(index))
                        }
                        repeats.of[index] = .following(leader, which: repeats.of[leader])
                        continue
                    }
                    leader = index
                    if let original = try existing(key(index), for: batch.event(at: index), in: transaction, cursor: &cursor) {
                        repeats.of[index] = .stored(original)
                    } else {
                        repeats.newKeys.append(index)
                    }
                }
            }
        }
        return repeats
    }

    /// Whether `row` repeats `earlier`: the same metric, value, source and time (both given and
    /// equal, or both "when recorded"), as two events' payloads and times compare.
    private static func sameContent(_ row: ObservationBatch.Row, as earlier: ObservationBatch.Row, text: UnsafeRawBufferPointer) -> Bool {
        func same(_ a: Range<Int>?, _ b: Range<Int>?) -> Bool {
            guard let a, let b else { return a == nil && b == nil }
            return StorageKeys.compare(UnsafeRawBufferPointer(rebasing: text[a]), UnsafeRawBufferPointer(rebasing: text[b])) == 0
        }
        return row.value == earlier.value && row.effectiveAt == earlier.effectiveAt
            && same(row.metric, earlier.metric) && same(row.source, earlier.source)
    }

    /// Encodes `row` as ``EventRecord/encode(seq:id:recordedAt:effectiveAt:actor:payload:)``
    /// encodes its `MetricObserved` event (`actor` is already encoded), into `writer`.
    private static func encode(_ row: ObservationBatch.Row, text: UnsafeRawBufferPointer, seq: UInt64, id: UUID,
                               recordedAt: Instant, effectiveAt: Instant, actor: UnsafeRawBufferPointer,
                               into writer: inout ByteWriter) {
        func write(_ range: Range<Int>) {
            writer.writeVarint(UInt64(range.count))
            writer.writeRaw(UnsafeRawBufferPointer(rebasing: text[range]))
        }
        EventRecord.startRecord(id: id, recordedAt: recordedAt, effectiveAt: effectiveAt, type: .metricObserved, into: &writer)
        writer.writeRaw(actor)
        write(row.metric)
        writer.write(row.value)
        writer.write(row.source != nil)
        if let source = row.source { write(source) }
        writer.write(row.key != nil)
        if let key = row.key { write(key) }
        EventRecord.finishRecord(seq: seq, in: &writer)
    }
}
