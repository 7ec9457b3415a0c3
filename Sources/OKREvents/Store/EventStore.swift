/// What okrd's features need of an event log: appending, atomically and idempotently (a repeated
/// idempotency key, or in a batch that asks for it a repeated observation, answers with the
/// original seq; the same key with other content appends nothing and is a conflict), reading
/// back, and keeping. ``EventLog`` keeps it in LMDB; ``MemoryEventStore`` is its in-memory twin
/// for unit tests of the projection and the handlers.
public protocol EventStore: AnyObject, Sendable {
    /// The seq of the last event appended (0 for none).
    var lastSeq: UInt64 { get }
    /// Commits so far, and the requests they held.
    var commitCounts: (commits: Int, requests: Int) { get }
    /// Appends `events` atomically: all of them or none; returns once they are committed.
    func append(_ events: [NewEvent]) async throws(EventLogError) -> [AppendOutcome]
    /// Appends every observation of `batch` atomically and calls `completion` once committed.
    func append(_ batch: ObservationBatch, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void)
    /// Up to `limit` events from `seq` on, in seq order.
    func events(from seq: UInt64, limit: Int) throws(EventLogError) -> [StoredEvent]
    /// The event each idempotency key was appended with, `nil` for a key never used.
    func events(forKeys keys: [String]) throws(EventLogError) -> [StoredEvent?]
    /// Checks every event and index entry.
    func verify() throws(EventLogError) -> VerifyReport
    /// Writes a compacted, verified copy into `directory`.
    func backup(to directory: String) throws(EventLogError) -> VerifyReport
}

extension EventLog: EventStore {}
