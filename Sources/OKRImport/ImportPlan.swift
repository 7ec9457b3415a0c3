import OKREvents

/// What an import would append, built without touching a log: every event with the time it
/// happened at its source and the idempotency key that makes a second import append nothing,
/// how many of each kind, and what the source held that okr has no place for.
public struct ImportPlan: Sendable {
    /// One event to append.
    public struct Event: Sendable {
        public var payload: EventPayload
        /// When it happened at the source (the event's `effectiveAt`).
        public var effectiveAt: Instant
        /// `viva:<kind>:<ID>`: the same record imported again is the same event.
        public var key: String
        /// Who did it at the source, when known (a person id); else the importer.
        public var actor: String?
    }

    /// A field or value of the source that could not be mapped, with the record it came from.
    public struct Unmapped: Hashable, Sendable, Codable {
        /// The record's kind and id at the source (`goal 1006`, `check-in 3100026`).
        public var record: String
        public var field: String
        /// The value, or why it has no place.
        public var detail: String
    }

    public var events: [Event] = []
    public var unmapped: [Unmapped] = []

    /// How many events of each type, for the plan's summary.
    public var counts: [EventType: Int] {
        events.reduce(into: [:]) { $0[$1.payload.type, default: 0] += 1 }
    }
}
