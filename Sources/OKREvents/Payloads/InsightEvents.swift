/// A discovery insight was recorded on a key result or objective. Insights age: each has an expiry.
public struct InsightRecorded: EventData {
    public static let eventType = EventType.insightRecorded
    public var id: String
    /// The key result or objective it supports.
    public var subject: String
    public var text: String
    public var evidence: String?
    public var expiresAt: Instant

    public init(id: String, subject: String, text: String, evidence: String? = nil, expiresAt: Instant) {
        self.id = id
        self.subject = subject
        self.text = text
        self.evidence = evidence
        self.expiresAt = expiresAt
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(subject)
        writer.write(text)
        writer.write(evidence)
        writer.write(expiresAt)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        subject = try reader.readString("subject")
        text = try reader.readString("text")
        evidence = try reader.readOptionalString("evidence")
        expiresAt = try reader.readInstant("expiresAt")
    }
}

/// An insight was renewed with a new expiry (and perhaps new evidence), before or after it expired.
public struct InsightRenewed: EventData {
    public static let eventType = EventType.insightRenewed
    public var id: String
    public var expiresAt: Instant
    public var evidence: String?

    public init(id: String, expiresAt: Instant, evidence: String? = nil) {
        self.id = id
        self.expiresAt = expiresAt
        self.evidence = evidence
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(expiresAt)
        writer.write(evidence)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        expiresAt = try reader.readInstant("expiresAt")
        evidence = try reader.readOptionalString("evidence")
    }
}

/// The daemon noticed that an insight's expiry passed. Appended by `okrd` itself, effective at the expiry.
public struct InsightExpired: EventData {
    public static let eventType = EventType.insightExpired
    public var id: String
    /// The expiry that passed (the event's effective time).
    public var expiresAt: Instant

    public init(id: String, expiresAt: Instant) {
        self.id = id
        self.expiresAt = expiresAt
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(expiresAt)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        expiresAt = try reader.readInstant("expiresAt")
    }
}
