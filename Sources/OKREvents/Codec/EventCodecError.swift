/// Why stored bytes could not be decoded into an event.
public struct EventCodecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for people.
    public let description: String

    static func truncated(field: String) -> EventCodecError {
        EventCodecError(description: "record ends inside field '\(field)'")
    }

    static func invalid(field: String, detail: String) -> EventCodecError {
        EventCodecError(description: "field '\(field)' is invalid: \(detail)")
    }

    static func unknownType(code: UInt16) -> EventCodecError {
        EventCodecError(description: "unknown event type code \(code)")
    }

    static func unsupportedVersion(type: EventType, version: UInt16) -> EventCodecError {
        EventCodecError(description:
            "\(type.rawValue) version \(version) is newer than this build reads (up to \(type.currentVersion))")
    }

    static func unknownRecordFormat(_ format: UInt8) -> EventCodecError {
        EventCodecError(description: "unknown record format \(format)")
    }

    static func checksumMismatch(stored: UInt32, computed: UInt32) -> EventCodecError {
        EventCodecError(description: "checksum mismatch (stored \(stored), computed \(computed))")
    }

    static func trailingBytes(_ count: Int) -> EventCodecError {
        EventCodecError(description: "\(count) unexpected bytes after the payload")
    }
}
