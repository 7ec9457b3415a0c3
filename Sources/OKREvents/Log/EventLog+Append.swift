import CLMDB
import struct FoundationEssentials.UUID

/// What became of one event handed to ``EventLog/append(_:)``.
public struct AppendOutcome: Hashable, Sendable {
    /// The event's seq: newly assigned, or the original's for a repeated idempotency key.
    public var seq: UInt64
    /// The stored event's UUID.
    public var id: UUID
    /// `true` when an idempotency key matched an earlier event and nothing was appended.
    public var duplicate: Bool
}

/// One caller's batch waiting for the writer thread, and who to tell once it is committed.
struct AppendRequest: Sendable {
    /// What to append.
    enum Body: Sendable {
        case events([NewEvent])
        case observations(ObservationBatch)
    }

    let body: Body
    let complete: @Sendable (Result<[AppendOutcome], EventLogError>) -> Void

    /// Why it cannot be stored at all, checked before the transaction.
    var refusal: EventLogError? {
        switch body {
        case .events(let events): EventLog.refusal(of: events)
        case .observations(let batch): EventLog.refusal(of: batch)
        }
    }

    /// Whether entry `index` was given its time (else it is stamped when recorded).
    func hasExplicitTime(_ index: Int) -> Bool {
        switch body {
        case .events(let events): events[index].effectiveAt != nil
        case .observations(let batch): batch.rows[index].effectiveAt != nil
        }
    }

    /// Its idempotency keys, in one buffer.
    var keys: RequestKeys {
        switch body {
        case .events(let events): RequestKeys(events)
        case .observations(let batch): RequestKeys(text: batch.text, ranges: batch.hasKeys ? batch.rows.map(\.key) : [])
        }
    }
}

extension EventLog {
    /// Appends `events` atomically: all of them or none.
    ///
    /// Returns once the transaction holding them has committed. Events with an idempotency key
    /// seen before are not appended again: their outcome carries the original seq and
    /// `duplicate == true`. The same key with different content fails the whole batch with
    /// ``EventLogError/Kind-swift.enum/idempotencyConflict``.
    public func append(_ events: [NewEvent]) async throws(EventLogError) -> [AppendOutcome] {
        guard !events.isEmpty else { return [] }
        return try await committed(.events(events))
    }

    /// Appends `events` atomically, as ``append(_:)-([NewEvent])`` does, and calls `completion`
    /// on the writer thread once the transaction holding them has committed (or failed). For
    /// callers that must not wait: the socket server answers `observe` from an event loop, and
    /// requests submitted one after another are committed in that order.
    ///
    /// `completion` must be quick: the next round waits for it.
    public func append(_ events: [NewEvent], completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        guard !events.isEmpty else { return completion(.success([])) }
        submit(.events(events), completion: completion)
    }

    /// Appends every observation of `batch` atomically, as ``append(_:completion:)-([NewEvent],_)``
    /// appends the events ``ObservationBatch/event(at:)`` describes, and calls `completion` on the
    /// writer thread once they are committed: the path of `observe`.
    public func append(_ batch: ObservationBatch, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        guard !batch.isEmpty else { return completion(.success([])) }
        submit(.observations(batch), completion: completion)
    }

    /// Appends every observation of `batch` atomically; returns once they are committed.
    public func append(_ batch: ObservationBatch) async throws(EventLogError) -> [AppendOutcome] {
        guard !batch.isEmpty else { return [] }
        return try await committed(.observations(batch))
    }

    /// Submits `body` and waits for its commit.
    private func committed(_ body: AppendRequest.Body) async throws(EventLogError) -> [AppendOutcome] {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                submit(body) { continuation.resume(with: $0) }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    private func submit(_ body: AppendRequest.Body, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        if let refusal = appendRefusal.withLock({ $0 }) { return completion(.failure(refusal)) }
        if !submit(AppendRequest(body: body, complete: completion)) {
            completion(.failure(EventLogError(.closed, "the event log is closed")))
        }
    }

    /// Appends one event.
    public func append(_ event: NewEvent) async throws(EventLogError) -> AppendOutcome {
        try await append([event])[0]
    }

    /// Commits one round of requests in one write transaction (on the writer thread).
    ///
    /// Each request is taken in two steps. First its idempotency keys are looked up, which writes
    /// nothing: a request refused there (an idempotency conflict) is answered with the refusal
    /// and leaves the transaction as it was. Then it is written, and nothing but a storage error
    /// can stop that — which aborts the whole round. So no request needs a nested transaction of
    /// its own (LMDB allocated about 3 MB of page lists for each, and searched two dirty lists
    /// for every page; BENCHMARKS.md, the ninth session). A request that cannot be stored at all
    /// (an observation the index cannot key) is refused before the transaction. When the map is
    /// full, the round is aborted, the map grown, and the round retried.
    ///
    /// The per-metric indexes lag (docs/STORAGE.md): a round's `metric-time` and `metric-day`
    /// entries join the in-memory backlog after its commit, and once the backlog holds
    /// ``EventLogOptions/indexLag`` observations a round writes it out, its own entries with it,
    /// together with the seq the indexes now cover.
    func commit(_ requests: [AppendRequest]) {
        let writesIndex = backlog.withLock { $0.count } >= options.indexLag
        let keep = onCommit != nil
        while true {
            var results: [Result<[AppendOutcome], EventLogError>] = []
            var committed = CommittedEvents()
            var round = IndexEntries()
            var nextSeq = lastSeq + 1
            var record = ByteWriter(capacity: 256)
            do {
                try environment.write { transaction in
                    for request in requests {
                        if let refusal = request.refusal {
                            results.append(.failure(refusal))
                            continue
                        }
                        let keys = request.keys
                        let repeats: Repeats
                        do {
                            repeats = try self.repeats(of: request, keys: keys, round: round, in: transaction)
                        } catch let refusal as EventLogError {
                            results.append(.failure(refusal))
                            continue
                        }
                        var entries = IndexEntries()
                        let storedDay = { (day: MetricDay) throws -> DaySummary? in
                            try round.day(day) ?? self.storedDay(day, in: transaction)
                        }
                        let outcomes: [AppendOutcome]
                        switch request.body {
                        case .events(let events):
                            var stored: [StoredEvent] = []
                            outcomes = try append(events, repeats, in: transaction, nextSeq: &nextSeq, collecting: &stored,
                                                  keep: keep, index: &entries, record: &record, storedDay: storedDay)
                            committed.append(.events(stored))
                        case .observations(let batch):
                            var rows: [CommittedEvents.Row] = []
                            outcomes = try append(batch, repeats, in: transaction, nextSeq: &nextSeq, collecting: &rows,
                                                  keep: keep, index: &entries, record: &record, storedDay: storedDay)
                            committed.append(.observations(batch, rows))
                        }
                        try recordKeys(keys, repeats, outcomes: outcomes, explicitTime: request.hasExplicitTime, in: transaction)
                        round.absorb(entries)
                        results.append(.success(outcomes))
                    }
                    if writesIndex {
                        var all = backlog.withLock { $0 }
                        all.absorb(round)
                        try writeIndex(all, through: nextSeq - 1, in: transaction)
                    }
                }
            } catch let error as LMDBError where error.isMapFull {
                if growMap() { continue }
                fail(requests, EventLogError(.storageFull,
                    "storage full: the map reached its maximum of \(options.maxMapSize) bytes"))
                return
            } catch {
                let failure = (error as? LMDBError).flatMap(diskFull) ?? EventLogError.wrapping(error)
                logger.error(failure.kind == .storageFull ? "disk full, nothing committed" : "append failed, nothing committed",
                             metadata: ["error": "\(failure.message)"])
                fail(requests, failure)
                return
            }
            // Index readers must find every committed observation, here or in the database,
            // before anyone learns of its seq.
            if writesIndex {
                backlog.withLock { $0 = IndexEntries() }
            } else if !round.isEmpty {
                backlog.withLock { $0.absorb(round) }
            }
            setLastSeq(nextSeq - 1)
            if let onCommit, !committed.isEmpty { onCommit(committed) }
            for (request, result) in zip(requests, results) { request.complete(result) }
            return
        }
    }

    /// Looks up the idempotency keys of `request` (``repeats(of:sameContent:event:in:)``): what
    /// repeats a stored event or an earlier entry, or the conflict that refuses the request.
    /// A batch's rows identified by their content are looked up too
    /// (``contentRepeats(of:into:round:in:)``), against `round` as well as the log.
    private func repeats(of request: AppendRequest, keys: RequestKeys, round: IndexEntries,
                         in transaction: LMDBTransaction) throws -> Repeats {
        switch request.body {
        case .events(let events):
            return try repeats(of: keys, sameContent: { Self.sameContent(events[$0], as: events[$1]) },
                               event: { events[$0] }, in: transaction)
        case .observations(let batch):
            var repeats = try repeats(of: keys, sameContent: batch.rowsMatch, event: batch.event(at:), in: transaction)
            try contentRepeats(of: batch, into: &repeats, round: round, in: transaction)
            return repeats
        }
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

    /// Writes one request's events, those `repeats` does not find repeated, and collects their
    /// per-metric index entries (time and day) into `index`, each day folded from what
    /// `storedDay` gives. Anything thrown is a storage error, for the round to abort.
    ///
    /// Events and their seqs stay in request order. Every record is encoded into `record`, one
    /// buffer for the round.
    private func append(_ events: [NewEvent], _ repeats: Repeats, in transaction: LMDBTransaction, nextSeq: inout UInt64,
                        collecting stored: inout [StoredEvent], keep: Bool, index entries: inout IndexEntries,
                        record: inout ByteWriter, storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(events.count)
        let ids = uuids.withLock { generator in events.map { $0.id ?? generator.next() } }
        for index in events.indices {
            let event = events[index]
            if !repeats.of.isEmpty, let repeated = repeats.of[index] {
                outcomes.append(repeated.outcome(after: outcomes))
                continue
            }
            let seq = nextSeq
            let id = ids[index]
            let recordedAt = clock()
            let effectiveAt = event.effectiveAt ?? recordedAt
            EventRecord.encode(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                               actor: event.actor, payload: event.payload, into: &record)
            try withUnsafeBytes(of: seq.bigEndian) { seqKey in
                try record.bytes.withUnsafeBytes { try transaction.put(databases.events, seqKey, $0, flags: MDB_APPEND) }
            }
            if case .metricObserved(let observation) = event.payload {
                try entries.add(metric: observation.metric, value: observation.value,
                                effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, startingFrom: storedDay)
            }
            outcomes.append(AppendOutcome(seq: seq, id: id, duplicate: false))
            if keep {
                stored.append(StoredEvent(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                          actor: event.actor, payload: event.payload))
            }
            nextSeq += 1
        }
        return outcomes
    }

    /// Whether `event` repeats `earlier` of the same request: same payload, and the same time
    /// (both explicit and equal, or both "when recorded").
    private static func sameContent(_ event: NewEvent, as earlier: NewEvent) -> Bool {
        event.payload == earlier.payload && event.effectiveAt == earlier.effectiveAt
    }

    /// Why `events` cannot be stored at all, checked before any transaction: an observation's
    /// metric must fit in an index key and hold no NUL (the key's separator).
    static func refusal(of events: [NewEvent]) -> EventLogError? {
        for event in events {
            guard case .metricObserved(let observation) = event.payload else { continue }
            guard observation.metric.utf8.count <= StorageKeys.maxIndexedTextBytes, !observation.metric.utf8.contains(0) else {
                return EventLogError(.invalidEvent, "metric key '\(observation.metric.prefix(40))…' cannot be indexed")
            }
        }
        return nil
    }
}
