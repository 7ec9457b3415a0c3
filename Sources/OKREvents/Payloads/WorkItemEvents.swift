/// A backlog item (`JIRA-123`) was tied to the key result or objective it serves.
public struct WorkItemLinked: EventData {
    public static let eventType = EventType.workItemLinked
    public var subject: String
    public var ref: String
    public var title: String?

    public init(subject: String, ref: String, title: String? = nil) {
        self.subject = subject
        self.ref = ref
        self.title = title
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(subject)
        writer.write(ref)
        writer.write(title)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        subject = try reader.readString("subject")
        ref = try reader.readString("ref")
        title = try reader.readOptionalString("title")
    }
}

/// A backlog item was untied from a key result or objective.
public struct WorkItemUnlinked: EventData {
    public static let eventType = EventType.workItemUnlinked
    public var subject: String
    public var ref: String

    public init(subject: String, ref: String) {
        self.subject = subject
        self.ref = ref
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(subject)
        writer.write(ref)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        subject = try reader.readString("subject")
        ref = try reader.readString("ref")
    }
}
