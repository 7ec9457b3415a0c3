import CLMDB
import Logging
import Synchronization

/// The log's one writer: a dedicated thread (``WriterThread``) that takes every append request
/// queued since its last round and commits them in one write transaction (group commit).
///
/// A round asks the parts in turn: the idempotency index and content identity for what repeats,
/// the record store to write each new record, the idempotency index to record new keys, and the
/// metric index to hold (or, every ``EventLogOptions/indexLag`` observations, write) the round's
/// index entries. Only then does it publish the new last seq, hand the round to `onCommit`, and
/// answer each caller.
final class LogWriter: Sendable {
    private let environment: LMDBEnvironment
    let records: RecordStore
    private let idempotency: IdempotencyIndex
    private let contentIdentity: ContentIdentity
    private let metricIndex: MetricIndex
    private let options: EventLogOptions
    private let directory: String
    private let logger: Logger
    let clock: @Sendable () -> Instant
    private let onCommit: (@Sendable (CommittedEvents) -> Void)?
    /// Ids for new events (taken on the writer thread; the lock is never contended).
    let uuids = Mutex(RandomUUIDs())
    /// Write transactions committed, and the append requests they answered (group commit's
    /// measure: requests per commit).
    let commits = Atomic<Int>(0)
    let committedRequests = Atomic<Int>(0)
    /// Why appends are refused from now on (``refuseAppends(_:)``); `nil` while they are not.
    private let refusal = Mutex<EventLogError?>(nil)
    // Set once in init, right after the stored properties.
    nonisolated(unsafe) private var thread: WriterThread<AppendRequest>? = nil

    /// Starts the writer thread over the log's parts.
    init(environment: LMDBEnvironment, records: RecordStore, idempotency: IdempotencyIndex, metricIndex: MetricIndex,
         options: EventLogOptions, directory: String, logger: Logger, clock: @escaping @Sendable () -> Instant,
         onCommit: (@Sendable (CommittedEvents) -> Void)?) {
        self.environment = environment
        self.records = records
        self.idempotency = idempotency
        contentIdentity = ContentIdentity(metricIndex: metricIndex, records: records)
        self.metricIndex = metricIndex
        self.options = options
        self.directory = directory
        self.logger = logger
        self.clock = clock
        self.onCommit = onCommit
        let thread = WriterThread<AppendRequest> { [unowned self] requests in self.commit(requests) }
        thread.start()
        self.thread = thread
    }

    /// Finishes the queued requests and stops the thread.
    func stop() { thread?.stop() }

    /// Queues `body`; `completion` runs on the writer thread once it is committed or refused.
    func submit(_ body: AppendRequest.Body, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        if let refusal = refusal.withLock({ $0 }) { return completion(.failure(refusal)) }
        if thread?.submit(AppendRequest(body: body, complete: completion)) != true {
            completion(.failure(EventLogError(.closed, "the event log is closed")))
        }
    }

    /// Refuses every later append with `error`.
    func refuseAppends(_ error: EventLogError) {
        refusal.withLock { $0 = error }
    }

    /// Commits one round of requests in one write transaction (on the writer thread).
    ///
    /// Each request is taken in two steps. First its idempotency keys are looked up, which writes
    /// nothing: a request refused there (an idempotency conflict) is answered with the refusal
    /// and leaves the transaction as it was. Then it is written, and nothing but a storage error
    /// can stop that — which aborts the whole round. So no request needs a nested transaction of
    /// its own (LMDB allocates about 3 MB of page lists for each, and searches two dirty lists
    /// for every page; BENCHMARKS.md). A request that cannot be stored at all
    /// (an observation the index cannot key) is refused before the transaction. When the map is
    /// full, the round is aborted, the map grown, and the round retried.
    ///
    /// The per-metric indexes lag (docs/STORAGE.md): a round's `metric-time` and `metric-day`
    /// entries join the backlog after its commit, and once the backlog holds
    /// ``EventLogOptions/indexLag`` observations a round writes it out, its own entries with it,
    /// together with the seq the indexes now cover.
    private func commit(_ requests: [AppendRequest]) {
        let writesIndex = metricIndex.heldCount >= options.indexLag
        let keep = onCommit != nil
        while true {
            var round = Round(nextSeq: records.lastSeq + 1)
            var entries = IndexEntries()
            do {
                try environment.write { transaction in
                    for request in requests {
                        // The request's entries join the round's once it is written: passed
                        // in whole, the round's would be copied at each absorb.
                        let written = try write(request, into: &round, after: entries, keep: keep, in: transaction)
                        entries.absorb(written)
                    }
                    if writesIndex {
                        var all = metricIndex.held
                        all.absorb(entries)
                        try metricIndex.write(all, through: round.nextSeq - 1, in: transaction)
                    }
                }
            } catch let error as LMDBError where error.isMapFull {
                if growMap() { continue }
                fail(requests, EventLogError(.storageFull,
                    "storage full: the map reached its maximum of \(options.maxMapSize) bytes"))
                return
            } catch {
                let failure = (error as? LMDBError).flatMap { DiskSpace.fullError($0, directory: directory) }
                    ?? EventLogError.wrapping(error)
                logger.error(failure.kind == .storageFull ? "disk full, nothing committed" : "append failed, nothing committed",
                             metadata: ["error": "\(failure.message)"])
                fail(requests, failure)
                return
            }
            // Index readers must find every committed observation, here or in the database,
            // before anyone learns of its seq.
            if writesIndex {
                metricIndex.releaseHeld()
            } else {
                metricIndex.hold(entries)
            }
            records.publish(through: round.nextSeq - 1)
            commits.add(1, ordering: .relaxed)
            committedRequests.add(requests.count, ordering: .relaxed)
            if let onCommit, !round.committed.isEmpty { onCommit(round.committed) }
            for (request, result) in zip(requests, round.results) { request.complete(result) }
            return
        }
    }

    /// What one transaction writes: each request's result, the events committed (for `onCommit`),
    /// the next seq, and one buffer every record is encoded into.
    private struct Round {
        var results: [Result<[AppendOutcome], EventLogError>] = []
        var committed = CommittedEvents()
        var nextSeq: UInt64
        var record = ByteWriter(capacity: 256)
    }

    /// Writes one request into the round, after the requests whose index entries are `before`,
    /// and returns its own entries: its refusal (a conflict, a bad key) is its result and writes
    /// nothing; anything thrown is a storage error, for the round to abort.
    private func write(_ request: AppendRequest, into round: inout Round, after before: IndexEntries, keep: Bool,
                       in transaction: LMDBTransaction) throws -> IndexEntries {
        if let refusal = request.refusal {
            round.results.append(.failure(refusal))
            return IndexEntries()
        }
        let keys = request.keys
        let repeats: Repeats
        do {
            repeats = try self.repeats(of: request, keys: keys, round: before, in: transaction)
        } catch let refusal as EventLogError {
            round.results.append(.failure(refusal))
            return IndexEntries()
        }
        var entries = IndexEntries()
        let storedDay = { (day: MetricDay) throws -> DaySummary? in
            try before.day(day) ?? self.metricIndex.storedDay(day, in: transaction)
        }
        let outcomes: [AppendOutcome]
        switch request.body {
        case .events(let events):
            var stored: [StoredEvent] = []
            outcomes = try write(events, repeats, in: transaction, nextSeq: &round.nextSeq, collecting: &stored,
                                 keep: keep, index: &entries, record: &round.record, storedDay: storedDay)
            round.committed.append(.events(stored))
        case .observations(let batch):
            var rows: [CommittedEvents.Row] = []
            outcomes = try write(batch, repeats, in: transaction, nextSeq: &round.nextSeq, collecting: &rows,
                                 keep: keep, index: &entries, record: &round.record, storedDay: storedDay)
            round.committed.append(.observations(batch, rows))
        }
        try idempotency.record(keys, repeats, outcomes: outcomes, explicitTime: request.hasExplicitTime, in: transaction)
        round.results.append(.success(outcomes))
        return entries
    }

    /// Looks up what the entries of `request` repeat (``IdempotencyIndex/repeats(of:sameContent:event:in:)``),
    /// or the conflict that refuses it. A batch's rows identified by their content are looked up
    /// too (``ContentIdentity``), against `round` as well as the log.
    private func repeats(of request: AppendRequest, keys: RequestKeys, round: IndexEntries,
                         in transaction: LMDBTransaction) throws -> Repeats {
        switch request.body {
        case .events(let events):
            return try idempotency.repeats(of: keys, sameContent: { Self.sameContent(events[$0], as: events[$1]) },
                                           event: { events[$0] }, in: transaction)
        case .observations(let batch):
            var repeats = try idempotency.repeats(of: keys, sameContent: batch.rowsMatch, event: batch.event(at:),
                                                  in: transaction)
            try contentIdentity.repeats(of: batch, into: &repeats, round: round, in: transaction)
            return repeats
        }
    }

    /// Whether `event` repeats `earlier` of the same request: same payload, and the same time
    /// (both explicit and equal, or both "when recorded").
    private static func sameContent(_ event: NewEvent, as earlier: NewEvent) -> Bool {
        event.payload == earlier.payload && event.effectiveAt == earlier.effectiveAt
    }

    private func fail(_ requests: [AppendRequest], _ error: EventLogError) {
        for request in requests { request.complete(.failure(error)) }
    }

    /// Doubles the map (up to the maximum); `false` when it is already there.
    private func growMap() -> Bool {
        let current = environment.mapSize
        guard current < options.maxMapSize else { return false }
        let grown = min(max(current * 2, current + (1 << 20)), options.maxMapSize)
        do {
            try environment.setMapSize(grown)
        } catch {
            logger.error("cannot grow the map", metadata: ["error": "\(error)"])
            return false
        }
        logger.info("grew the LMDB map", metadata: ["from": "\(current)", "to": "\(grown)"])
        return true
    }
}
