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

    /// Whether it can still be refused inside the transaction: an idempotency key may conflict.
    var refusable: Bool {
        switch body {
        case .events(let events): events.contains { $0.idempotencyKey != nil }
        case .observations(let batch): batch.hasKeys
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
        do {
            return try await withCheckedThrowingContinuation { continuation in
                append(events) { continuation.resume(with: $0) }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
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
        do {
            return try await withCheckedThrowingContinuation { continuation in
                append(batch) { continuation.resume(with: $0) }
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
    /// A request that cannot be stored (an observation the index cannot key) is refused before
    /// the transaction. One with idempotency keys runs in a nested transaction, so that a conflict
    /// rolls it back alone while the others commit; the others write straight into the round's
    /// transaction, where nothing but a storage error can stop them — and a storage error aborts
    /// the whole round. When the map is full, the round is aborted, the map grown, and the round
    /// retried.
    ///
    /// The per-metric indexes lag (docs/STORAGE.md): a round's `metric-time` and `metric-day`
    /// entries join the in-memory backlog after its commit, and once the backlog holds
    /// ``EventLogOptions/indexLag`` observations a round writes it out, its own entries with it,
    /// together with the seq the indexes now cover.
    func commit(_ requests: [AppendRequest]) {
        let writesIndex = backlog.withLock { $0.count } >= options.indexLag
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
                        let write = { (target: LMDBTransaction) throws -> ([AppendOutcome], UInt64, CommittedEvents.Part, IndexEntries) in
                            var seq = nextSeq
                            var entries = IndexEntries()
                            let storedDay = { (day: MetricDay) throws -> DaySummary? in
                                try round.day(day) ?? self.storedDay(day, in: target)
                            }
                            let keep = self.onCommit != nil
                            switch request.body {
                            case .events(let events):
                                var stored: [StoredEvent] = []
                                let outcomes = try self.append(events, in: target, nextSeq: &seq, collecting: &stored, keep: keep,
                                                               index: &entries, record: &record, storedDay: storedDay)
                                return (outcomes, seq, .events(stored), entries)
                            case .observations(let batch):
                                var rows: [CommittedEvents.Row] = []
                                let outcomes = try self.append(batch, in: target, nextSeq: &seq, collecting: &rows, keep: keep,
                                                               index: &entries, record: &record, storedDay: storedDay)
                                return (outcomes, seq, .observations(batch, rows), entries)
                            }
                        }
                        // Only a request that can still be refused inside the transaction (an
                        // idempotency key may conflict) needs a nested transaction to roll back
                        // alone: LMDB allocates about 3 MB of page lists for each one. Anything
                        // thrown by the others aborts the round.
                        let refusable = request.refusable
                        do {
                            let (outcomes, seq, stored, entries) = refusable
                                ? try environment.nested(in: transaction, write) : try write(transaction)
                            nextSeq = seq
                            committed.append(stored)
                            round.absorb(entries)
                            results.append(.success(outcomes))
                        } catch let refusal as EventLogError where refusable {
                            results.append(.failure(refusal))
                        }
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

    /// Writes one request's events with their idempotency entries, and collects their per-metric
    /// index entries (time and day) into `index`, each day folded from what `storedDay` gives;
    /// refusals throw ``EventLogError`` and leave the nested transaction to be aborted.
    ///
    /// Idempotency keys are looked up and written in key order, not event order, through one
    /// cursor: a batch's keys then walk the B-tree from left to right, find its pages already in
    /// the CPU's cache, and often their leaf without a descent from the root (BENCHMARKS.md).
    /// Events and their seqs stay in request order. Every record is encoded into `record`, one
    /// buffer for the round.
    private func append(_ events: [NewEvent], in transaction: LMDBTransaction, nextSeq: inout UInt64,
                        collecting stored: inout [StoredEvent], keep: Bool, index entries: inout IndexEntries,
                        record: inout ByteWriter, storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        let repeats = try repeatedKeys(of: events, in: transaction)
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(events.count)
        // The seq of each event whose key is new (the others are not written).
        var keySeqs: [UInt64] = repeats.newKeys.isEmpty ? [] : Array(repeating: 0, count: events.count)
        var ids = uuids.withLock { generator in events.map { $0.id ?? generator.next() } }
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
            if !keySeqs.isEmpty { keySeqs[index] = seq }
            if case .metricObserved(let observation) = event.payload {
                try entries.add(observation, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, startingFrom: storedDay)
            }
            outcomes.append(AppendOutcome(seq: seq, id: id, duplicate: false))
            if keep {
                stored.append(StoredEvent(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                          actor: event.actor, payload: event.payload))
            }
            nextSeq += 1
        }
        ids.removeAll()
        guard !repeats.newKeys.isEmpty else { return outcomes }
        // The idempotency entry of each new key: the event's seq, and whether its time was given.
        try transaction.withCursor(databases.idempotency) { cursor in
            var value: (UInt64, UInt8) = (0, 0)
            for (key, index) in repeats.newKeys {
                value = (keySeqs[index].bigEndian, events[index].effectiveAt == nil ? 0 : 1)
                try key.withUnsafeBytes { key in
                    try withUnsafeBytes(of: &value) { try cursor.put(key, UnsafeRawBufferPointer(rebasing: $0[0..<9])) }
                }
            }
        }
        return outcomes
    }

    /// What an event with an idempotency key repeats.
    enum Repeat {
        /// An event already in the log: its outcome.
        case stored(AppendOutcome)
        /// An event earlier in the same request: its index.
        case earlier(Int)

        /// What repeats the event at `leader` (the first of the request with the same key),
        /// which itself repeats `leading` (`nil`: it is new).
        static func following(_ leader: Int, which leading: Repeat?) -> Repeat {
            if case .stored(let original)? = leading { return .stored(original) }
            return .earlier(leader)
        }

        /// The answer for the repeating event, given the outcomes of the events before it (an
        /// earlier event of the request comes first, so its outcome is there).
        func outcome(after outcomes: [AppendOutcome]) -> AppendOutcome {
            switch self {
            case .stored(let original):
                return original
            case .earlier(let first):
                return AppendOutcome(seq: outcomes[first].seq, id: outcomes[first].id, duplicate: true)
            }
        }
    }

    /// The refusal of a request that uses one idempotency key twice with different content.
    static func keyUsedTwice(_ key: UnsafeRawBufferPointer) -> EventLogError {
        EventLogError(.idempotencyConflict,
            "idempotency key '\(String(decoding: key, as: UTF8.self))' is used twice in one request with different content")
    }

    /// The idempotency keys of one request, looked up.
    struct Repeats {
        /// What each event repeats, by index (`nil`: it is new); empty when no event has a key.
        var of: [Repeat?] = []
        /// The keys seen for the first time, in key order, each with its event's index.
        var newKeys: [(key: [UInt8], index: Int)] = []
    }

    /// Finds, in key order, each keyed event that repeats a stored one or one earlier in the
    /// request, and checks that a repeat has the same content (else a conflict is thrown).
    private func repeatedKeys(of events: [NewEvent], in transaction: LMDBTransaction) throws -> Repeats {
        var keyed: [(key: [UInt8], index: Int)] = []
        for index in events.indices {
            if let key = events[index].idempotencyKey { keyed.append((Array(key.utf8), index)) }
        }
        guard !keyed.isEmpty else { return Repeats() }
        keyed.sort {
            let order = StorageKeys.compare($0.key, $1.key)
            return order == 0 ? $0.index < $1.index : order < 0
        }
        var repeats = Repeats(of: Array(repeating: nil, count: events.count))
        repeats.newKeys.reserveCapacity(keyed.count)
        var first = 0
        try transaction.withCursor(databases.idempotency) { cursor in
            for position in keyed.indices {
                let (key, index) = keyed[position]
                if position > 0, StorageKeys.compare(keyed[position - 1].key, key) == 0 {
                    // Same key as an earlier event of this request: it repeats whatever that one
                    // repeats (the stored event it matched has the same content).
                    let leader = keyed[first].index
                    guard Self.sameContent(events[index], as: events[leader]) else {
                        throw key.withUnsafeBytes { Self.keyUsedTwice($0) }
                    }
                    repeats.of[index] = .following(leader, which: repeats.of[leader])
                    continue
                }
                first = position
                let found = try key.withUnsafeBytes { key in
                    try existing(key, for: events[index], in: transaction, cursor: &cursor)
                }
                if let original = found {
                    repeats.of[index] = .stored(original)
                } else {
                    repeats.newKeys.append((key, index))
                }
            }
        }
        return repeats
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

    /// The earlier outcome for a repeated idempotency key, `nil` for a new key, or a conflict.
    func existing(_ keyBytes: UnsafeRawBufferPointer, for event: @autoclosure () -> NewEvent, in transaction: LMDBTransaction,
                  cursor: inout LMDBCursor) throws -> AppendOutcome? {
        var key: String { String(decoding: keyBytes, as: UTF8.self) }  // for messages only
        guard !keyBytes.isEmpty, keyBytes.count <= StorageKeys.maxIndexedTextBytes else {
            throw EventLogError(.invalidEvent, "an idempotency key must be 1 to \(StorageKeys.maxIndexedTextBytes) bytes")
        }
        guard let stored = try cursor.value(at: keyBytes),
              stored.count == 9, let seq = StorageKeys.seq(fromKey: UnsafeRawBufferPointer(rebasing: stored[0..<8]))
        else { return nil }
        let explicitTime = stored[8] & 1 != 0
        guard let record = try transaction.get(databases.events, StorageKeys.seqKey(seq)) else {
            throw EventLogError(.corrupt, "idempotency key '\(key)' points at missing seq \(seq)", seq: seq)
        }
        let original = try EventRecord.decode(seq: seq, record)
        let event = event()
        let sameTime = event.effectiveAt == nil ? !explicitTime : (explicitTime && event.effectiveAt == original.effectiveAt)
        guard original.payload == event.payload, sameTime else {
            throw EventLogError(.idempotencyConflict,
                "idempotency key '\(key)' was already used by seq \(seq) with different content", seq: seq)
        }
        return AppendOutcome(seq: seq, id: original.id, duplicate: true)
    }
}
