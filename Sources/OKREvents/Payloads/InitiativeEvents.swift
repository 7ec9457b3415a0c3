/// Work planned for a key result (SPEC §15): a project, an experiment, a launch. Listed under its
/// key result and owned, never counted in a score: the metric says whether it worked.
public struct InitiativeAdded: EventData {
    public static let eventType = EventType.initiativeAdded
    public var id: String
    public var title: String
    public var kr: String
    public var owner: String?
    /// Where the work is tracked (an http or https URL).
    public var link: String?

    public init(id: String, title: String, kr: String, owner: String? = nil, link: String? = nil) {
        (self.id, self.title, self.kr, self.owner, self.link) = (id, title, kr, owner, link)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(title)
        writer.write(kr)
        writer.write(owner)
        writer.write(link)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        title = try reader.readString("title")
        kr = try reader.readString("kr")
        owner = try reader.readOptionalString("owner")
        link = try reader.readOptionalString("link")
    }
}

/// An initiative finished: done, or dropped.
public struct InitiativeClosed: EventData {
    public static let eventType = EventType.initiativeClosed
    public var id: String
    public var outcome: InitiativeOutcome

    public init(id: String, outcome: InitiativeOutcome) {
        (self.id, self.outcome) = (id, outcome)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(outcome)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        outcome = try reader.read(InitiativeOutcome.self, "outcome")
    }
}
