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
    let events: [NewEvent]
    let complete: @Sendable (Result<[AppendOutcome], EventLogError>) -> Void
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
        if let refusal = appendRefusal.withLock({ $0 }) { return completion(.failure(refusal)) }
        if !submit(AppendRequest(events: events, complete: completion)) {
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
            var committed: [StoredEvent] = []
            var round = IndexEntries()
            var nextSeq = lastSeq + 1
            do {
                try environment.write { transaction in
                    for request in requests {
                        if let refusal = EventLog.refusal(of: request.events) {
                            results.append(.failure(refusal))
                            continue
                        }
                        let write = { (target: LMDBTransaction) throws -> ([AppendOutcome], UInt64, [StoredEvent], IndexEntries) in
                            var seq = nextSeq
                            var stored: [StoredEvent] = []
                            var entries = IndexEntries()
                            let outcomes = try self.append(request.events, in: target, nextSeq: &seq, collecting: &stored,
                                                           keep: self.onCommit != nil, index: &entries) { day in
                                try round.day(day) ?? self.storedDay(day, in: target)
                            }
                            return (outcomes, seq, stored, entries)
                        }
                        // Only a request that can still be refused inside the transaction (an
                        // idempotency key may conflict) needs a nested transaction to roll back
                        // alone: LMDB allocates about 3 MB of page lists for each one. Anything
                        // thrown by the others aborts the round.
                        let refusable = request.events.contains { $0.idempotencyKey != nil }
                        do {
                            let (outcomes, seq, stored, entries) = refusable
                                ? try environment.nested(in: transaction, write) : try write(transaction)
                            nextSeq = seq
                            committed += stored
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
    /// Index entries are looked up and written in key order, not event order: a batch's keys
    /// then walk each B-tree from left to right and find its pages already in the CPU's cache,
    /// where random order missed on nearly every node (BENCHMARKS.md). Events and their seqs
    /// stay in request order.
    private func append(_ events: [NewEvent], in transaction: LMDBTransaction, nextSeq: inout UInt64,
                        collecting stored: inout [StoredEvent], keep: Bool, index entries: inout IndexEntries,
                        storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        let repeats = try repeatedKeys(of: events, in: transaction)
        var outcomes: [AppendOutcome?] = Array(repeating: nil, count: events.count)
        var keyEntries: [(key: [UInt8], value: [UInt8])] = []
        for (index, event) in events.enumerated() {
            switch repeats.of[index] {
            case .stored(let original)?:
                outcomes[index] = original
                continue
            case .earlier?:
                continue  // answered below, once the earlier event has its seq
            case nil:
                break
            }
            let seq = nextSeq
            let id = event.id ?? uuids.withLock { $0.next() }
            let recordedAt = clock()
            let effectiveAt = event.effectiveAt ?? recordedAt
            let record = EventRecord.encode(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                            actor: event.actor, payload: event.payload)
            let seqKey = StorageKeys.seqKey(seq)
            try transaction.put(databases.events, seqKey, record, flags: MDB_APPEND)
            if let key = repeats.keys[index] {
                keyEntries.append((key, seqKey + [event.effectiveAt == nil ? 0 : 1]))
            }
            if case .metricObserved(let observation) = event.payload {
                try entries.add(observation, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, startingFrom: storedDay)
            }
            outcomes[index] = AppendOutcome(seq: seq, id: id, duplicate: false)
            if keep {
                stored.append(StoredEvent(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                          actor: event.actor, payload: event.payload))
            }
            nextSeq += 1
        }
        for (index, repeated) in repeats.of {
            if case .earlier(let first) = repeated, let original = outcomes[first] {
                outcomes[index] = AppendOutcome(seq: original.seq, id: original.id, duplicate: true)
            }
        }
        try transaction.putInKeyOrder(keyEntries, into: databases.idempotency)
        return outcomes.map { $0! }
    }

    /// What an event with an idempotency key repeats.
    private enum Repeat {
        /// An event already in the log: its outcome.
        case stored(AppendOutcome)
        /// An event earlier in the same request: its index.
        case earlier(Int)
    }

    /// Finds, in key order, each keyed event that repeats a stored one or one earlier in the
    /// request, and checks that a repeat has the same content (else a conflict is thrown).
    /// Returns the repeats by event index, and the key bytes of each event whose key is new.
    private func repeatedKeys(of events: [NewEvent], in transaction: LMDBTransaction) throws
        -> (of: [Int: Repeat], keys: [Int: [UInt8]]) {
        var keyed: [(key: [UInt8], index: Int)] = []
        for (index, event) in events.enumerated() {
            if let key = event.idempotencyKey { keyed.append((Array(key.utf8), index)) }
        }
        guard !keyed.isEmpty else { return ([:], [:]) }
        keyed.sort {
            let order = StorageKeys.compare($0.key, $1.key)
            return order == 0 ? $0.index < $1.index : order < 0
        }
        var repeats: [Int: Repeat] = [:]
        var keys: [Int: [UInt8]] = [:]
        var first = 0
        for position in keyed.indices {
            let (key, index) = keyed[position]
            if position > 0, StorageKeys.compare(keyed[position - 1].key, key) == 0 {
                // Same key as an earlier event of this request: it repeats whatever that one
                // repeats (the stored event it matched has the same content).
                let leader = keyed[first].index
                guard Self.sameContent(events[index], as: events[leader]) else {
                    throw EventLogError(.idempotencyConflict,
                        "idempotency key '\(String(decoding: key, as: UTF8.self))' is used twice in one request with different content")
                }
                if case .stored(let original)? = repeats[leader] {
                    repeats[index] = .stored(original)
                } else {
                    repeats[index] = .earlier(leader)
                }
                continue
            }
            first = position
            if let original = try existing(key, for: events[index], in: transaction) {
                repeats[index] = .stored(original)
            } else {
                keys[index] = key
            }
        }
        return (repeats, keys)
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
    private func existing(_ keyBytes: [UInt8], for event: NewEvent, in transaction: LMDBTransaction) throws -> AppendOutcome? {
        var key: String { String(decoding: keyBytes, as: UTF8.self) }  // for messages only
        guard !keyBytes.isEmpty, keyBytes.count <= StorageKeys.maxIndexedTextBytes else {
            throw EventLogError(.invalidEvent, "an idempotency key must be 1 to \(StorageKeys.maxIndexedTextBytes) bytes")
        }
        guard let stored = try transaction.get(databases.idempotency, keyBytes),
              stored.count == 9, let seq = StorageKeys.seq(fromKey: UnsafeRawBufferPointer(rebasing: stored[0..<8]))
        else { return nil }
        let explicitTime = stored[8] & 1 != 0
        guard let record = try transaction.get(databases.events, StorageKeys.seqKey(seq)) else {
            throw EventLogError(.corrupt, "idempotency key '\(key)' points at missing seq \(seq)", seq: seq)
        }
        let original = try EventRecord.decode(seq: seq, record)
        let sameTime = event.effectiveAt == nil ? !explicitTime : (explicitTime && event.effectiveAt == original.effectiveAt)
        guard original.payload == event.payload, sameTime else {
            throw EventLogError(.idempotencyConflict,
                "idempotency key '\(key)' was already used by seq \(seq) with different content", seq: seq)
        }
        return AppendOutcome(seq: seq, id: original.id, duplicate: true)
    }
}
