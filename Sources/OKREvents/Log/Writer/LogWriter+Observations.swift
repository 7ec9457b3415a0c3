import CLMDB
import struct FoundationEssentials.UUID

/// The writer's path for an ``ObservationBatch``: the same records, idempotency entries and index
/// entries as appending the batch's events one by one, encoded straight from the batch's bytes.
/// A row costs no `String` but its metric (small ones are stored inline), no array, no copy of
/// an event, and no ``StoredEvent`` for `onCommit` (BENCHMARKS.md, figure 1).
extension LogWriter {
    /// Writes `batch` as ``write(_:_:in:nextSeq:collecting:keep:index:record:storedDay:)`` writes
    /// events; anything thrown is a storage error, for the round to abort.
    func write(_ batch: ObservationBatch, _ repeats: Repeats, in transaction: LMDBTransaction, nextSeq: inout UInt64,
               collecting committed: inout [CommittedEvents.Row], keep: Bool, index entries: inout IndexEntries,
               record: inout ByteWriter, storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(batch.count)
        if keep { committed.reserveCapacity(batch.count) }
        var actor = ByteWriter(capacity: 32)
        actor.write(batch.actor)
        let ids = uuids.withLock { generator in (0..<batch.count).map { _ in generator.next() } }
        var filed = ObservationsByMetric(batch)
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
                    Self.encode(row, metric: batch.metric(of: row), text: text, seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                actor: actor, into: &record)
                    try record.bytes.withUnsafeBytes { try records.put($0, seq: seq, in: transaction) }
                    filed.file(IndexedObservation(seq: seq, effectiveAt: effectiveAt, recordedAt: recordedAt, value: row.value),
                               under: row.metricNumber)
                    outcomes.append(AppendOutcome(seq: seq, id: id, duplicate: false))
                    if keep {
                        committed.append(CommittedEvents.Row(index: index, seq: seq, id: id, recordedAt: recordedAt,
                                                             effectiveAt: effectiveAt))
                    }
                    nextSeq += 1
                }
            }
        }
        for number in 0..<batch.metrics.count {
            try entries.add(metric: batch.string(batch.metrics.ranges[number]), filed[number], startingFrom: storedDay)
        }
        return outcomes
    }

    /// Encodes `row` as ``EventRecord/encode(seq:id:recordedAt:effectiveAt:actor:payload:)``
    /// encodes its `MetricObserved` event (`actor` is already encoded), into `writer`.
    private static func encode(_ row: ObservationBatch.Row, metric: Range<Int>, text: UnsafeRawBufferPointer, seq: UInt64, id: UUID,
                               recordedAt: Instant, effectiveAt: Instant, actor: UnsafeRawBufferPointer,
                               into writer: inout ByteWriter) {
        var source: UnsafeRawBufferPointer?
        if let range = row.source { source = UnsafeRawBufferPointer(rebasing: text[range]) }
        var key: UnsafeRawBufferPointer?
        if let range = row.key { key = UnsafeRawBufferPointer(rebasing: text[range]) }
        EventRecord.startRecord(id: id, recordedAt: recordedAt, effectiveAt: effectiveAt, type: .metricObserved, into: &writer)
        writer.writeRaw(actor)
        MetricObserved.writeFields(metric: UnsafeRawBufferPointer(rebasing: text[metric]), value: row.value, source: source, key: key, into: &writer)
        EventRecord.finishRecord(seq: seq, in: &writer)
    }
}

/// A batch's appended observations filed by metric number, each metric's in seq order, in one
/// array: the index takes each metric's at once (one lookup of the metric a batch, not a row).
private struct ObservationsByMetric {
    private var filed: [IndexedObservation]
    /// Where each metric's observations start in `filed`, by number.
    private let starts: [Int]
    /// Where each metric's next one goes.
    private var ends: [Int]

    init(_ batch: ObservationBatch) {
        var starts = Array(repeating: 0, count: batch.metrics.count + 1)
        for row in batch.rows { starts[Int(row.metricNumber) + 1] += 1 }
        for number in starts.indices.dropFirst() { starts[number] += starts[number - 1] }
        self.starts = starts
        ends = Array(starts.dropLast())
        filed = Array(repeating: IndexedObservation(seq: 0, effectiveAt: .distantPast, recordedAt: .distantPast, value: 0),
                      count: batch.count)
    }

    mutating func file(_ observation: IndexedObservation, under number: Int32) {
        filed[ends[Int(number)]] = observation
        ends[Int(number)] += 1
    }

    /// Metric `number`'s observations, in seq order.
    subscript(number: Int) -> ArraySlice<IndexedObservation> { filed[starts[number]..<ends[number]] }
}
