import struct FoundationEssentials.UUID
import Synchronization

/// The event log's in-memory twin: the same appends, outcomes, refusals and commit callbacks as
/// ``EventLog``, held in arrays, for unit tests of the projection and of okrd's handlers. The
/// tests that hold both to the same answers are in `MemoryEventStoreTests`.
public final class MemoryEventStore: EventStore {
    private struct Stored {
        var events: [StoredEvent] = []
        /// Each idempotency key: the seq of its event, and whether that event's time was given.
        var keys: [String: (seq: UInt64, explicitTime: Bool)] = [:]
        /// Observations by metric and time, for batches that identify rows by their content.
        var observations: [ObservationAt: [(value: Double, outcome: AppendOutcome)]] = [:]
        var commits = 0
    }

    /// An observation's metric and time.
    private struct ObservationAt: Hashable {
        var metric: String
        var at: Instant
    }

    private let stored = Mutex(Stored())
    private let clock: @Sendable () -> Instant
    private let onCommit: @Sendable (CommittedEvents) -> Void

    /// An empty store; `onCommit` gets each commit's events, as ``EventLog``'s does.
    public init(clock: @escaping @Sendable () -> Instant = { Instant.now() },
                onCommit: @escaping @Sendable (CommittedEvents) -> Void = { _ in }) {
        self.clock = clock
        self.onCommit = onCommit
    }

    public var lastSeq: UInt64 { stored.withLock { UInt64($0.events.count) } }

    public var commitCounts: (commits: Int, requests: Int) { stored.withLock { ($0.commits, $0.commits) } }

    public func append(_ events: [NewEvent]) async throws(EventLogError) -> [AppendOutcome] {
        try commit(events, identifiedByContent: [])
    }

    public func append(_ batch: ObservationBatch, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        let events = (0..<batch.count).map(batch.event(at:))
        let identified = batch.identifiesByContent ? Set(events.indices.filter { events[$0].idempotencyKey == nil && events[$0].effectiveAt != nil }) : []
        completion(Result { () throws(EventLogError) in try commit(events, identifiedByContent: identified) })
    }

    public func events(from seq: UInt64, limit: Int) throws(EventLogError) -> [StoredEvent] {
        stored.withLock { stored in
            guard seq >= 1, seq <= UInt64(stored.events.count) else { return [] }
            return Array(stored.events[Int(seq - 1)...].prefix(limit))
        }
    }

    public func events(forKeys keys: [String]) throws(EventLogError) -> [StoredEvent?] {
        stored.withLock { stored in keys.map { key in stored.keys[key].map { stored.events[Int($0.seq - 1)] } } }
    }

    public func verify() throws(EventLogError) -> VerifyReport {
        stored.withLock { VerifyReport(events: $0.events.count, lastSeq: UInt64($0.events.count)) }
    }

    public func backup(to directory: String) throws(EventLogError) -> VerifyReport {
        throw EventLogError(.storage, "an in-memory store has no files to back up")
    }

    /// Appends `events` as one commit: repeats answered with their originals, a conflict
    /// appending nothing.
    private func commit(_ events: [NewEvent], identifiedByContent: Set<Int>) throws(EventLogError) -> [AppendOutcome] {
        guard !events.isEmpty else { return [] }
        let (outcomes, appended) = try stored.withLock { (stored) throws(EventLogError) -> ([AppendOutcome], [StoredEvent]) in
            let repeats = try Self.repeats(of: events, identifiedByContent: identifiedByContent, in: stored)
            var outcomes: [AppendOutcome] = []
            var appended: [StoredEvent] = []
            for (index, event) in events.enumerated() {
                if let repeated = repeats[index] {
                    outcomes.append(repeated.outcome(after: outcomes))
                    continue
                }
                let recordedAt = clock()
                let new = StoredEvent(seq: UInt64(stored.events.count + 1), id: event.id ?? UUID(), recordedAt: recordedAt,
                                      effectiveAt: event.effectiveAt ?? recordedAt, actor: event.actor, payload: event.payload)
                stored.events.append(new)
                appended.append(new)
                if let key = event.idempotencyKey { stored.keys[key] = (new.seq, event.effectiveAt != nil) }
                let outcome = AppendOutcome(seq: new.seq, id: new.id, duplicate: false)
                if case .metricObserved(let observation) = event.payload {
                    stored.observations[ObservationAt(metric: observation.metric, at: new.effectiveAt), default: []]
                        .append((observation.value, AppendOutcome(seq: new.seq, id: new.id, duplicate: true)))
                }
                outcomes.append(outcome)
            }
            stored.commits += 1
            return (outcomes, appended)
        }
        var committed = CommittedEvents()
        committed.append(.events(appended))
        if !committed.isEmpty { onCommit(committed) }
        return outcomes
    }

    /// What each event repeats: an event stored, or an earlier one of the request, by its
    /// idempotency key or (for `identifiedByContent`) by its metric, time and value.
    private static func repeats(of events: [NewEvent], identifiedByContent: Set<Int>, in stored: Stored) throws(EventLogError) -> [Repeat?] {
        var repeats: [Repeat?] = Array(repeating: nil, count: events.count)
        var firstWithKey: [String: Int] = [:]
        var firstWithContent: [ObservationAt: [(value: Double, index: Int)]] = [:]
        for (index, event) in events.enumerated() {
            if let key = event.idempotencyKey {
                guard !key.utf8.isEmpty, key.utf8.count <= StorageKeys.maxIndexedTextBytes else {
                    throw EventLogError(.invalidEvent, "an idempotency key must be 1 to \(StorageKeys.maxIndexedTextBytes) bytes")
                }
                if let earlier = firstWithKey[key] {
                    guard events[earlier].payload == event.payload, events[earlier].effectiveAt == event.effectiveAt else {
                        throw EventLogError(.idempotencyConflict, "idempotency key '\(key)' is used twice in one request with different content")
                    }
                    repeats[index] = repeats[earlier] ?? .earlier(earlier)
                    continue
                }
                firstWithKey[key] = index
                if let (seq, explicitTime) = stored.keys[key] {
                    let original = stored.events[Int(seq - 1)]
                    let sameTime = event.effectiveAt == nil ? !explicitTime : (explicitTime && event.effectiveAt == original.effectiveAt)
                    guard original.payload == event.payload, sameTime else {
                        throw EventLogError(.idempotencyConflict,
                                            "idempotency key '\(key)' was already used by seq \(seq) with different content", seq: seq)
                    }
                    repeats[index] = .stored(AppendOutcome(seq: seq, id: original.id, duplicate: true))
                }
            } else if identifiedByContent.contains(index), case .metricObserved(let observation) = event.payload, let at = event.effectiveAt {
                let place = ObservationAt(metric: observation.metric, at: at)
                if let match = stored.observations[place]?.first(where: { $0.value == observation.value }) {
                    repeats[index] = .stored(match.outcome)
                } else if let earlier = firstWithContent[place]?.first(where: { $0.value == observation.value }) {
                    repeats[index] = .earlier(earlier.index)
                } else {
                    firstWithContent[place, default: []].append((observation.value, index))
                }
            }
        }
        return repeats
    }
}
