import struct FoundationEssentials.UUID

/// What one commit appended, in seq order: what ``EventLog``'s `onCommit` receives.
///
/// Events appended one by one arrive as ``StoredEvent``s. An ``ObservationBatch`` arrives as the
/// batch itself and the seq, id and times each new row was given, so that folding a batch into a
/// projection (``forEach(event:observation:)``) builds no ``StoredEvent`` per row: that was a
/// quarter of the writer's time in a CSV import. ``events`` builds them all, for followers of the
/// log.
public struct CommittedEvents: Sendable {
    /// One request's part.
    enum Part: Sendable {
        case events([StoredEvent])
        case observations(ObservationBatch, [Row])
    }

    /// A batch row that was appended (a repeated key appends nothing) and what it was given.
    struct Row: Sendable {
        var index: Int
        var seq: UInt64
        var id: UUID
        var recordedAt: Instant
        var effectiveAt: Instant
    }

    private(set) var parts: [Part] = []
    /// The number of events appended.
    public private(set) var count = 0

    init() {}

    public var isEmpty: Bool { count == 0 }

    mutating func append(_ part: Part) {
        switch part {
        case .events(let events):
            guard !events.isEmpty else { return }
            count += events.count
        case .observations(_, let rows):
            guard !rows.isEmpty else { return }
            count += rows.count
        }
        parts.append(part)
    }

    /// Every event, built, in seq order.
    public var events: [StoredEvent] {
        var events: [StoredEvent] = []
        events.reserveCapacity(count)
        forEach(event: { events.append($0) }, observation: { observation in events.append(observation.event) })
        return events
    }

    /// Calls `event` for each event appended one by one and `observation` for each row of a
    /// batch, in seq order.
    public func forEach(event: (StoredEvent) -> Void, observation: (CommittedObservation) -> Void) {
        for part in parts {
            switch part {
            case .events(let events):
                for stored in events { event(stored) }
            case .observations(let batch, let rows):
                for row in rows { observation(CommittedObservation(batch: batch, row: row)) }
            }
        }
    }
}

/// One appended row of an ``ObservationBatch``: its numbers at hand, its text read on demand.
public struct CommittedObservation {
    fileprivate let batch: ObservationBatch
    fileprivate let row: CommittedEvents.Row

    public var seq: UInt64 { row.seq }
    public var effectiveAt: Instant { row.effectiveAt }
    public var recordedAt: Instant { row.recordedAt }
    public var value: Double { batch.rows[row.index].value }
    /// The metric key (a string is made for each call).
    public var metric: String { batch.string(batch.metric(of: batch.rows[row.index])) }

    /// The stored event this row became.
    public var event: StoredEvent {
        let event = batch.event(at: row.index)
        return StoredEvent(seq: row.seq, id: row.id, recordedAt: row.recordedAt, effectiveAt: row.effectiveAt,
                           actor: event.actor, payload: event.payload)
    }
}
