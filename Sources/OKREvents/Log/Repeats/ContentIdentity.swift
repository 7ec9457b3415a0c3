import CLMDB

/// Observations identified by their content: in a batch that asks for it
/// (``ObservationBatch/identifiesByContent``), a row with a time and no idempotency key repeats
/// any observation of the same metric at the same time with the same value — stored, held in
/// the index backlog, or earlier in the same round or batch — and is answered with that one's
/// seq instead of being appended again.
///
/// This is how `okrctl observe --file` makes re-running a file safe. It used to send each such
/// row with the key `metric@at=value`; every row then cost an `idempotency` entry, and since
/// those keys sort by metric, every commit of an import dirtied about two `idempotency` leaves
/// per metric (BENCHMARKS.md, the ninth session). The `metric-time` index already answers "is
/// there an observation of this metric at this time", so content identity costs no storage, and
/// a row newer than everything held for its metric (an import in time order) costs no lookup
/// at all. An observation appended under a derived key by an older okrctl is found the same way.
struct ContentIdentity: Sendable {
    /// Where observations are looked up by metric and time.
    let metricIndex: MetricIndex
    /// Where a repeated observation's id is read.
    let records: RecordStore

    /// Marks in `repeats` each row of `batch` identified by its content that repeats an
    /// observation stored, held in the backlog or in `round` (earlier requests of this
    /// transaction), or an earlier such row of the batch.
    func repeats(of batch: ObservationBatch, into repeats: inout Repeats, round: IndexEntries,
                 in transaction: LMDBTransaction) throws {
        guard batch.identifiesByContent else { return }
        let identified = batch.rows.indices.filter { batch.rows[$0].isIdentifiedByContent }
        guard !identified.isEmpty else { return }
        let metrics = batch.metrics.ranges.map { batch.string($0) }
        let held = metricIndex.held
        // The newest time known for each metric of the batch, and the newest seen in the batch.
        var newest: [Instant?] = Array(repeating: nil, count: metrics.count)
        var newestInBatch: [Instant?] = Array(repeating: nil, count: metrics.count)
        var looked = Array(repeating: false, count: metrics.count)
        var inOrder = true
        try metricIndex.withTimeCursor(in: transaction) { cursor in
            for index in identified {
                let row = batch.rows[index]
                let number = Int(row.metricNumber)
                let at = row.effectiveAt!
                if !looked[number] {
                    looked[number] = true
                    let name = metrics[number]
                    newest[number] = [try MetricIndex.newestWritten(of: name, cursor: &cursor), held.newest(of: name), round.newest(of: name)]
                        .compactMap { $0 }.max()
                }
                if let known = newest[number], at <= known { inOrder = false }
                if let seen = newestInBatch[number], at <= seen { inOrder = false }
                newestInBatch[number] = max(newestInBatch[number] ?? at, at)
            }
        }
        // Every row newer than all its metric has and than the rows before it: nothing to repeat.
        guard !inOrder else { return }
        if repeats.of.isEmpty { repeats.of = Array(repeating: nil, count: batch.count) }
        var firsts: [ContentKey: [Int]] = [:]
        try metricIndex.withTimeCursor(in: transaction) { cursor in
            for index in identified {
                let row = batch.rows[index]
                let key = ContentKey(metric: row.metricNumber, at: row.effectiveAt!)
                if let earlier = firsts[key]?.first(where: { batch.rows[$0].value == row.value }) {
                    repeats.of[index] = .earlier(earlier)
                    continue
                }
                let name = metrics[Int(row.metricNumber)]
                if let seq = try MetricIndex.writtenSeq(of: name, at: key.at, value: row.value, cursor: &cursor)
                    ?? held.seq(of: name, at: key.at, value: row.value) ?? round.seq(of: name, at: key.at, value: row.value) {
                    let original = try records.event(seq, pointedAtBy: "metric-time", in: transaction)
                    repeats.of[index] = .stored(AppendOutcome(seq: seq, id: original.id, duplicate: true))
                    continue
                }
                firsts[key, default: []].append(index)
            }
        }
    }

    /// A row's identity within its batch: its metric's number and its time.
    private struct ContentKey: Hashable {
        var metric: Int32
        var at: Instant
    }
}
