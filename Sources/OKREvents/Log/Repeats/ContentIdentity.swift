import CLMDB

/// Observations identified by their content: in a batch that asks for it
/// (``ObservationBatch/identifiesByContent``), a row with a time and no idempotency key repeats
/// any observation of the same metric at the same time with the same value — stored, held in
/// the index backlog, or earlier in the same round or batch — and is answered with that one's
/// seq instead of being appended again.
///
/// This is how `okrctl observe --file` makes re-running a file safe without a key per row: a
/// derived key (`metric@at=value`) would cost an `idempotency` entry per row, and since such keys
/// sort by metric, every commit of an import would dirty about two `idempotency` leaves per
/// metric. The `metric-time` index already answers "is there an observation of this metric at
/// this time", so content identity costs no storage, and a row newer than everything held for
/// its metric (an import in time order) costs no lookup at all. An observation appended under a
/// derived key by an older okrctl is found the same way.
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
        let (newest, inOrder) = try newestKnown(of: metrics, rows: identified, of: batch, round: round, in: transaction)
        // Every row newer than all its metric has and than the rows before it: nothing to repeat.
        guard !inOrder else { return }
        if repeats.of.isEmpty { repeats.of = Array(repeating: nil, count: batch.count) }
        // Out of order (a back-fill sorted by day, then by metric). A row can repeat a stored
        // observation only when it is not newer than everything its metric had before this
        // batch, and an earlier row of the batch only when it is not newer than the rows of its
        // metric before it: only those are looked up.
        let held = metricIndex.held
        var earlierRows = EarlierRows(batch)
        var newestSoFar = [Instant?](repeating: nil, count: metrics.count)
        try metricIndex.withTimeCursor(in: transaction) { cursor in
            for index in identified {
                let row = batch.rows[index]
                let number = Int(row.metricNumber)
                let at = row.effectiveAt!
                if let seen = newestSoFar[number], at <= seen, let earlier = earlierRows.match(number, at: at, value: row.value) {
                    repeats.of[index] = .earlier(earlier)
                    continue
                }
                if let known = newest[number], at <= known {
                    let name = metrics[number]
                    if let seq = try MetricIndex.writtenSeq(of: name, at: at, value: row.value, cursor: &cursor)
                        ?? held.seq(of: name, at: at, value: row.value) ?? round.seq(of: name, at: at, value: row.value) {
                        let original = try records.event(seq, pointedAtBy: "metric-time", in: transaction)
                        repeats.of[index] = .stored(AppendOutcome(seq: seq, id: original.id, duplicate: true))
                        continue
                    }
                }
                earlierRows.remember(index, number, at: at)
                newestSoFar[number] = max(newestSoFar[number] ?? at, at)
            }
        }
    }

    /// The newest time known for each metric of the batch (written, held or in `round`), and
    /// whether every row is newer than all its metric had and than the rows before it.
    private func newestKnown(of metrics: [String], rows identified: [Int], of batch: ObservationBatch, round: IndexEntries,
                             in transaction: LMDBTransaction) throws -> (newest: [Instant?], inOrder: Bool) {
        let held = metricIndex.held
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
        return (newest, inOrder)
    }
}

/// The rows of a batch seen so far, by metric, for finding an earlier row with the same time and
/// value. A metric's rows are searched in its own short list (a back-fill's day holds a metric's
/// 24 hours), not hashed: with a dictionary over (metric, time) the hashing alone cost more than
/// the rest of the check (BENCHMARKS.md, figure 1b). A metric with many rows in the batch (one
/// metric back-filled backwards) gets a dictionary by time instead, so that the search stays
/// linear in the batch.
private struct EarlierRows {
    static let listLimit = 32
    let batch: ObservationBatch
    private var lists: [[Int]]
    private var byTime: [Int: [Instant: [Int]]] = [:]

    init(_ batch: ObservationBatch) {
        self.batch = batch
        lists = [[Int]](repeating: [], count: batch.metrics.ranges.count)
    }

    /// An earlier row of metric `number` at `at` with `value`.
    func match(_ number: Int, at: Instant, value: Double) -> Int? {
        if let times = byTime[number] { return times[at]?.first { batch.rows[$0].value == value } }
        return lists[number].first { batch.rows[$0].effectiveAt == at && batch.rows[$0].value == value }
    }

    mutating func remember(_ index: Int, _ number: Int, at: Instant) {
        if byTime[number] != nil {
            byTime[number]![at, default: []].append(index)
            return
        }
        lists[number].append(index)
        if lists[number].count > Self.listLimit {
            byTime[number] = Dictionary(grouping: lists[number]) { batch.rows[$0].effectiveAt! }
            lists[number] = []
        }
    }
}
