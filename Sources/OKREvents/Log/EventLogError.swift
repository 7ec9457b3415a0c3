/// Why the event log refused or failed an operation.
///
/// A refusal (`idempotencyConflict`, `invalidEvent`) appends nothing for the request that caused it.
/// A failure of the store (`storageFull`, `storage`) appends nothing for the whole transaction.
public struct EventLogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Hashable, Sendable {
        /// An idempotency key seen before arrived with different content.
        case idempotencyConflict
        /// The event cannot be stored as given (a key too long for the index, …).
        case invalidEvent
        /// The map reached its configured maximum, or the disk is full.
        case storageFull
        /// LMDB or the file system failed.
        case storage
        /// A stored record failed its checksum or could not be decoded.
        case corrupt
        /// Another process holds the log's lock (a second okrd on the same data).
        case locked
        /// The data was written by a newer okrd with a storage format this build does not read.
        case unsupportedFormat
        /// The log was closed.
        case closed
    }

    public let kind: Kind
    /// What went wrong, for people.
    public let message: String
    /// The seq concerned, when there is one (a corrupt record, the original of a conflicting key).
    public let seq: UInt64?

    public init(_ kind: Kind, _ message: String, seq: UInt64? = nil) {
        self.kind = kind
        self.message = message
        self.seq = seq
    }

    public var description: String { message }

    static func wrapping(_ error: any Error) -> EventLogError {
        if let error = error as? EventLogError { return error }
        if let error = error as? LMDBError {
            if error == .closed { return EventLogError(.closed, "the event log is closed") }
            if error.isMapFull || error.isDiskFull {
                return EventLogError(.storageFull, "storage full: \(error.description)")
            }
            return EventLogError(.storage, "storage error: \(error.description)")
        }
        return EventLogError(.storage, "storage error: \(error)")
    }
}
