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
