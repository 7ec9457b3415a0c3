/// An objective was created in a cycle for a team. Objectives are qualitative: no numbers.
///
/// Version history: v1 had no `owner`; v2 added it (a person id). A v1 event upcasts unowned.
public struct ObjectiveCreated: EventData {
    public static let eventType = EventType.objectiveCreated
    public var id: String
    public var cycle: String
    public var team: String
    public var title: String
    public var kind: ObjectiveKind
    /// A parent objective, possibly another team's (cascading, shared OKRs).
    public var parent: String?
    /// The strategy choice this objective serves.
    public var strategy: String?
    /// The person who owns it (a ``PersonRecorded`` id).
    public var owner: String?

    public init(id: String, cycle: String, team: String, title: String, kind: ObjectiveKind = .aspirational,
                parent: String? = nil, strategy: String? = nil, owner: String? = nil) {
        self.id = id
        self.cycle = cycle
        self.team = team
        self.title = title
        self.kind = kind
        self.parent = parent
        self.strategy = strategy
        self.owner = owner
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(cycle)
        writer.write(team)
        writer.write(title)
        writer.write(kind)
        writer.write(parent)
        writer.write(strategy)
        writer.write(owner)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 2)
        id = try reader.readString("id")
        cycle = try reader.readString("cycle")
        team = try reader.readString("team")
        title = try reader.readString("title")
        kind = try reader.read(ObjectiveKind.self, "kind")
        parent = try reader.readOptionalString("parent")
        strategy = try reader.readOptionalString("strategy")
        owner = version >= 2 ? try reader.readOptionalString("owner") : nil
    }
}

/// An objective changed. Absent fields are unchanged; an empty `parent`, `strategy` or `owner`
/// removes it.
///
/// Version history: v1 had no `owner`; v2 added it. A v1 event upcasts leaving the owner as it was.
public struct ObjectiveUpdated: EventData {
    public static let eventType = EventType.objectiveUpdated
    public var id: String
    public var title: String?
    public var kind: ObjectiveKind?
    public var parent: String?
    public var strategy: String?
    public var owner: String?

    public init(id: String, title: String? = nil, kind: ObjectiveKind? = nil, parent: String? = nil, strategy: String? = nil,
                owner: String? = nil) {
        self.id = id
        self.title = title
        self.kind = kind
        self.parent = parent
        self.strategy = strategy
        self.owner = owner
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(title)
        writer.write(kind)
        writer.write(parent)
        writer.write(strategy)
        writer.write(owner)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 2)
        id = try reader.readString("id")
        title = try reader.readOptionalString("title")
        kind = try reader.readOptional(ObjectiveKind.self, "kind")
        parent = try reader.readOptionalString("parent")
        strategy = try reader.readOptionalString("strategy")
        owner = version >= 2 ? try reader.readOptionalString("owner") : nil
    }
}

/// An objective was dropped; its key results no longer count from the drop's effective time.
public struct ObjectiveDropped: DropEventData {
    public static let eventType = EventType.objectiveDropped
    public var id: String
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}
