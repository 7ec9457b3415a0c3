import CLMDB
import struct FoundationEssentials.UUID

/// The writer's path for an ``ObservationBatch``: the same records, idempotency entries and index
/// entries as appending the batch's events one by one, encoded straight from the batch's bytes.
/// A row costs no `String` but its metric (small ones are stored inline), no array, no copy of
/// an event, and no ``StoredEvent`` for `onCommit` (BENCHMARKS.md, figure 1).
extension EventLog {
    /// Why `batch` cannot be stored at all, as ``refusal(of:)-([NewEvent])`` says for events.
    static func refusal(of batch: ObservationBatch) -> EventLogError? {
        let unindexable = batch.text.withUnsafeBytes { text in
            batch.rows.first { row in
                row.metric.count > StorageKeys.maxIndexedTextBytes || text[row.metric].contains(0)
            }
        }
        return unindexable.map { row in
            EventLogError(.invalidEvent, "metric key '\(batch.string(row.metric).prefix(40))…' cannot be indexed")
        }
    }

    /// Writes `batch` as ``append(_:in:nextSeq:collecting:keep:index:record:storedDay:)`` writes
    /// events; refusals throw ``EventLogError`` and leave the nested transaction to be aborted.
    func append(_ batch: ObservationBatch, in transaction: LMDBTransaction, nextSeq: inout UInt64,
                collecting committed: inout [CommittedEvents.Row], keep: Bool, index entries: inout IndexEntries,
                record: inout ByteWriter, storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        let keys = RequestKeys(text: batch.text, ranges: batch.hasKeys ? batch.rows.map(\.key) : [])
        let repeats = try self.repeats(of: keys, sameContent: batch.rowsMatch, event: batch.event(at:), in: transaction)
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(batch.count)
        if keep { committed.reserveCapacity(batch.count) }
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
                    let effectiveAt = row.effectiveAt ?? recordedAt
                    Self.encode(row, text: text, seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                actor: actor, into: &record)
                    try withUnsafeBytes(of: seq.bigEndian) { seqKey in
                        try record.bytes.withUnsafeBytes { try transaction.put(databases.events, seqKey, $0, flags: MDB_APPEND) }
                    }
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
        }
        try recordKeys(keys, repeats, outcomes: outcomes, explicitTime: { batch.rows[$0].effectiveAt != nil }, in: transaction)
        return outcomes
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
