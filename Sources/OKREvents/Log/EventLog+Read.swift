/// Reading: the records (``RecordStore``), the per-metric indexes (``MetricIndex``), the
/// whole-log checks (``LogVerifier``) and the projection snapshots (``SnapshotStore``).
extension EventLog {
    /// Up to `limit` events with seq ≥ `seq`, in seq order, read in one short transaction.
    public func events(from seq: UInt64 = 1, limit: Int) throws(EventLogError) -> [StoredEvent] {
        try records.chunk(from: seq, limit: limit, skippingObservations: false).events
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
        try records.forEachEvent(from: seq, through: bound, skippingObservations: skippingObservations, body)
    }

    /// The observations of `metric` with `from ≤ effectiveAt ≤ through`, by effective time (ties
    /// by seq), from the per-metric time index and the backlog of entries not written to it yet.
    public func observations(of metric: String, from: Instant = .distantPast,
                             through: Instant = .distantFuture) throws(EventLogError) -> [IndexedObservation] {
        try metricIndex.observations(of: metric, from: from, through: through)
    }

    /// Up to `limit` day summaries of `metric` for days `from...through` (days since the epoch),
    /// ascending, or descending from `through` when `descending`. Read in one short transaction
    /// and merged with the backlog of days not written yet; a summary may include observations
    /// committed after the caller's projection was (see ``DaySummary/maxSeq``).
    public func days(of metric: String, from: Int64 = .min, through: Int64 = .max, limit: Int = .max,
                     descending: Bool = false) throws(EventLogError) -> [DaySummary] {
        try metricIndex.days(of: metric, from: from, through: through, limit: limit, descending: descending)
    }

    /// Checks every record's key, the seq order (1, 2, 3 … without a gap) and every checksum, and
    /// returns the first damage (`nil`: the log is whole). Cheaper than ``verify()``: nothing is
    /// decoded and the indexes are not checked. okrd runs it after it starts, so that a damaged
    /// log is not served.
    public func firstDamage() throws(EventLogError) -> LogDamage? {
        try verifier.firstDamage()
    }

    /// Walks the whole log in short read transactions: checks every record's checksum and
    /// decoding, that seqs run 1, 2, 3 … without a gap, that every observation has its entry in
    /// the per-metric time index (and no entry lacks its observation), and that every day
    /// summary in `metric-day` is the fold of that day's observations, bit for bit. Appends may
    /// go on meanwhile: the check covers the events committed when it starts.
    public func verify() throws(EventLogError) -> VerifyReport {
        try verifier.verify()
    }

    /// Runs `body` over the snapshot stored as `name` (`nil` when there is none) where it lies in
    /// the map, without copying it out: a start-up decodes megabytes from it.
    public func withSnapshot<T>(named name: String, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        try snapshots.withSnapshot(named: name, body)
    }

    /// Stores `bytes` as the snapshot `name`, replacing the one before.
    public func storeSnapshot(_ bytes: [UInt8], named name: String) throws(EventLogError) {
        try snapshots.storeSnapshot(bytes, named: name)
    }

    /// Removes the snapshot `name`; `false` when there was none.
    @discardableResult
    public func deleteSnapshot(named name: String) throws(EventLogError) -> Bool {
        try snapshots.deleteSnapshot(named: name)
    }
}
