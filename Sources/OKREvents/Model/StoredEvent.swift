import struct FoundationEssentials.UUID

/// An event as it stands in the log: the envelope of SPEC §2 and its payload.
public struct StoredEvent: Hashable, Sendable {
    /// 1, 2, 3 … gap-free; the LMDB key.
    public var seq: UInt64
    /// The event's UUID; a client's idempotency key maps to it.
    public var id: UUID
    /// The daemon's wall-clock time of the append.
    public var recordedAt: Instant
    /// When it happened in the world (defaults to `recordedAt`; clients may back-date).
    public var effectiveAt: Instant
    /// The Unix user that sent it (from the socket's peer credentials), or `okrd`.
    public var actor: String
    /// The payload, upcast to its current version.
    public var payload: EventPayload
    /// The schema version the payload was stored with (``EventType/currentVersion`` once upcast in memory).
    public var storedVersion: UInt16

    public init(seq: UInt64, id: UUID, recordedAt: Instant, effectiveAt: Instant, actor: String,
                payload: EventPayload, storedVersion: UInt16? = nil) {
        self.seq = seq
        self.id = id
        self.recordedAt = recordedAt
        self.effectiveAt = effectiveAt
        self.actor = actor
        self.payload = payload
        self.storedVersion = storedVersion ?? payload.type.currentVersion
    }

    /// The event's type.
    public var type: EventType { payload.type }

    /// The schema version of `data` as presented: always the current one, since reading upcasts.
    public var version: UInt16 { payload.type.currentVersion }
}

/// An event a client asks to append; the log gives it a seq and a recorded time.
public struct NewEvent: Hashable, Sendable {
    public var payload: EventPayload
    /// When it happened; `nil` means "when recorded".
    public var effectiveAt: Instant?
    /// The Unix user sending it, from the socket's peer credentials, or `okrd`.
    public var actor: String
    /// A client's key that makes a retry of this append harmless.
    public var idempotencyKey: String?
    /// The event's UUID; `nil` lets the log generate one.
    public var id: UUID?

    public init(_ payload: EventPayload, effectiveAt: Instant? = nil, actor: String,
                idempotencyKey: String? = nil, id: UUID? = nil) {
        self.payload = payload
        self.effectiveAt = effectiveAt
        self.actor = actor
        self.idempotencyKey = idempotencyKey
        self.id = id
    }

    /// Convenience for a payload value.
    public init(_ data: some EventData, effectiveAt: Instant? = nil, actor: String,
                idempotencyKey: String? = nil, id: UUID? = nil) {
        self.init(EventPayload(data), effectiveAt: effectiveAt, actor: actor, idempotencyKey: idempotencyKey, id: id)
    }
}
