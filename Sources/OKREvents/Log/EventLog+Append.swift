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

/// One caller's batch waiting for the writer thread.
struct AppendRequest: Sendable {
    let events: [NewEvent]
    let continuation: CheckedContinuation<[AppendOutcome], any Error>
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
                if !submit(AppendRequest(events: events, continuation: continuation)) {
                    continuation.resume(throwing: EventLogError(.closed, "the event log is closed"))
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
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
    func commit(_ requests: [AppendRequest]) {
        while true {
            var results: [Result<[AppendOutcome], EventLogError>] = []
            var committed: [StoredEvent] = []
            var nextSeq = lastSeq + 1
            do {
                try environment.write { transaction in
                    for request in requests {
                        if let refusal = EventLog.refusal(of: request.events) {
                            results.append(.failure(refusal))
                            continue
                        }
                        let write = { (target: LMDBTransaction) throws -> ([AppendOutcome], UInt64, [StoredEvent]) in
                            var seq = nextSeq
                            var stored: [StoredEvent] = []
                            let outcomes = try self.append(request.events, in: target, nextSeq: &seq,
                                                           collecting: &stored, keep: self.onCommit != nil)
                            return (outcomes, seq, stored)
                        }
                        // Only a request that can still be refused inside the transaction (an
                        // idempotency key may conflict) needs a nested transaction to roll back
                        // alone: LMDB allocates about 3 MB of page lists for each one. Anything
                        // thrown by the others aborts the round.
                        let refusable = request.events.contains { $0.idempotencyKey != nil }
                        do {
                            let (outcomes, seq, stored) = refusable
                                ? try environment.nested(in: transaction, write) : try write(transaction)
                            nextSeq = seq
                            committed += stored
                            results.append(.success(outcomes))
                        } catch let refusal as EventLogError where refusable {
                            results.append(.failure(refusal))
                        }
                    }
                }
            } catch let error as LMDBError where error.isMapFull {
                if growMap() { continue }
                fail(requests, EventLogError(.storageFull,
                    "storage full: the map reached its maximum of \(options.maxMapSize) bytes"))
                return
            } catch {
                logger.error("append failed, nothing committed", metadata: ["error": "\(error)"])
                fail(requests, EventLogError.wrapping(error))
                return
            }
            setLastSeq(nextSeq - 1)
            if let onCommit, !committed.isEmpty { onCommit(committed) }
            for (request, result) in zip(requests, results) { request.continuation.resume(with: result) }
            return
        }
    }

    private func fail(_ requests: [AppendRequest], _ error: EventLogError) {
        for request in requests { request.continuation.resume(throwing: error) }
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

    /// Writes one request's events, with their entries in the per-metric indexes (time and day);
    /// refusals throw ``EventLogError`` and leave the nested transaction to be aborted.
    private func append(_ events: [NewEvent], in transaction: LMDBTransaction, nextSeq: inout UInt64,
                        collecting stored: inout [StoredEvent], keep: Bool) throws -> [AppendOutcome] {
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(events.count)
        var days = MetricDayFold()
        for event in events {
            if let key = event.idempotencyKey, let original = try existing(key, for: event, in: transaction) {
                outcomes.append(original)
                continue
            }
            let seq = nextSeq
            let id = event.id ?? UUID()
            let recordedAt = clock()
            let effectiveAt = event.effectiveAt ?? recordedAt
            let record = EventRecord.encode(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                            actor: event.actor, payload: event.payload)
            let seqKey = StorageKeys.seqKey(seq)
            try seqKey.withUnsafeBytes { key in
                try record.withUnsafeBytes { try transaction.put(databases.events, key, $0, flags: MDB_APPEND) }
            }
            if let key = event.idempotencyKey {
                var value = seqKey
                value.append(event.effectiveAt == nil ? 0 : 1)
                try Array(key.utf8).withUnsafeBytes { key in
                    try value.withUnsafeBytes { try transaction.put(databases.idempotency, key, $0) }
                }
            }
            if case .metricObserved(let observation) = event.payload {
                try index(observation, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, in: transaction)
                try days.add(observation, effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq,
                             stored: databases.metricDay, in: transaction)
            }
            outcomes.append(AppendOutcome(seq: seq, id: id, duplicate: false))
            if keep {
                stored.append(StoredEvent(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                          actor: event.actor, payload: event.payload))
            }
            nextSeq += 1
        }
        try days.write(to: databases.metricDay, in: transaction)
        return outcomes
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

    private func index(_ observation: MetricObserved, effectiveAt: Instant, recordedAt: Instant, seq: UInt64,
                       in transaction: LMDBTransaction) throws {
        let key = StorageKeys.metricTimeKey(metric: observation.metric, effectiveAt: effectiveAt, seq: seq)
        var value = ByteWriter(capacity: 16)
        value.write(observation.value)
        value.write(recordedAt)
        try key.withUnsafeBytes { key in
            try value.bytes.withUnsafeBytes { try transaction.put(databases.metricTime, key, $0) }
        }
    }

    /// The earlier outcome for a repeated idempotency key, `nil` for a new key, or a conflict.
    private func existing(_ key: String, for event: NewEvent, in transaction: LMDBTransaction) throws -> AppendOutcome? {
        let keyBytes = Array(key.utf8)
        guard !keyBytes.isEmpty, keyBytes.count <= StorageKeys.maxIndexedTextBytes else {
            throw EventLogError(.invalidEvent, "an idempotency key must be 1 to \(StorageKeys.maxIndexedTextBytes) bytes")
        }
        guard let stored = try keyBytes.withUnsafeBytes({ try transaction.get(databases.idempotency, $0) }),
              stored.count == 9, let seq = StorageKeys.seq(fromKey: UnsafeRawBufferPointer(rebasing: stored[0..<8]))
        else { return nil }
        let explicitTime = stored[8] & 1 != 0
        guard let record = try StorageKeys.seqKey(seq).withUnsafeBytes({ try transaction.get(databases.events, $0) }) else {
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
