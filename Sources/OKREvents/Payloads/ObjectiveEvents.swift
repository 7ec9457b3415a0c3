/// An objective was created in a cycle for a team. Objectives are qualitative: no numbers.
///
/// Version history: v1 had no `owner`; v2 added it (a person id); v3 replaced the single
/// `parent` by weighted `parents` and added `progress` and `carriedFrom`; v4 added `details`
/// (what an import brought along). Older versions upcast with their parent (if any) at weight 1,
/// progress from key results, no lineage and no details. The JSON
/// form still carries `parent` (the first parent) for readers of the old field, and reads either.
public struct ObjectiveCreated: EventData {
    public static let eventType = EventType.objectiveCreated
    public var id: String
    public var cycle: String
    public var team: String
    public var title: String
    public var kind: ObjectiveKind
    /// The objectives it serves, in any cycle (cascading, shared OKRs), each with a weight.
    public var parents: [ObjectiveParent]
    /// The strategy choice this objective serves.
    public var strategy: String?
    /// The person who owns it (a ``PersonRecorded`` id).
    public var owner: String?
    /// Where its score comes from.
    public var progress: ProgressSource
    /// The objective of an earlier cycle it carries on (`objective carry`).
    public var carriedFrom: String?
    /// Description, tags, delegate and check-in owners from the tool it was imported from.
    public var details: GoalDetails?

    /// The first parent: the only one an objective had before weighted parents.
    public var parent: String? { parents.first?.id }

    public init(id: String, cycle: String, team: String, title: String, kind: ObjectiveKind = .aspirational,
                parent: String? = nil, strategy: String? = nil, owner: String? = nil) {
        self.init(id: id, cycle: cycle, team: team, title: title, kind: kind, parents: parent.map { [ObjectiveParent(id: $0)] } ?? [],
                  strategy: strategy, owner: owner)
    }

    public init(id: String, cycle: String, team: String, title: String, kind: ObjectiveKind = .aspirational,
                parents: [ObjectiveParent], strategy: String? = nil, owner: String? = nil, progress: ProgressSource = .krs,
                carriedFrom: String? = nil, details: GoalDetails? = nil) {
        self.id = id
        self.cycle = cycle
        self.team = team
        self.title = title
        self.kind = kind
        self.parents = parents
        self.strategy = strategy
        self.owner = owner
        self.progress = progress
        self.carriedFrom = carriedFrom
        self.details = details
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(cycle)
        writer.write(team)
        writer.write(title)
        writer.write(kind)
        writer.write(parents)
        writer.write(strategy)
        writer.write(owner)
        writer.write(progress)
        writer.write(carriedFrom)
        writer.write(details)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 4)
        id = try reader.readString("id")
        cycle = try reader.readString("cycle")
        team = try reader.readString("team")
        title = try reader.readString("title")
        kind = try reader.read(ObjectiveKind.self, "kind")
        if version >= 3 {
            parents = try reader.readParents("parents")
        } else {
            parents = try reader.readOptionalString("parent").map { [ObjectiveParent(id: $0)] } ?? []
        }
        strategy = try reader.readOptionalString("strategy")
        owner = version >= 2 ? try reader.readOptionalString("owner") : nil
        progress = version >= 3 ? try reader.read(ProgressSource.self, "progress") : .krs
        carriedFrom = version >= 3 ? try reader.readOptionalString("carriedFrom") : nil
        details = version >= 4 ? try reader.readDetails("details") : nil
    }

    enum CodingKeys: String, CodingKey { case id, cycle, team, title, kind, parent, parents, strategy, owner, progress, carriedFrom, details }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        cycle = try container.decode(String.self, forKey: .cycle)
        team = try container.decode(String.self, forKey: .team)
        title = try container.decode(String.self, forKey: .title)
        kind = try container.decode(ObjectiveKind.self, forKey: .kind)
        if let parents = try container.decodeIfPresent([ObjectiveParent].self, forKey: .parents) {
            self.parents = parents
        } else {
            parents = try container.decodeIfPresent(String.self, forKey: .parent).map { [ObjectiveParent(id: $0)] } ?? []
        }
        strategy = try container.decodeIfPresent(String.self, forKey: .strategy)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        progress = try container.decodeIfPresent(ProgressSource.self, forKey: .progress) ?? .krs
        carriedFrom = try container.decodeIfPresent(String.self, forKey: .carriedFrom)
        details = try container.decodeIfPresent(GoalDetails.self, forKey: .details)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(cycle, forKey: .cycle)
        try container.encode(team, forKey: .team)
        try container.encode(title, forKey: .title)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(parents, forKey: .parents)
        try container.encodeIfPresent(strategy, forKey: .strategy)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encode(progress, forKey: .progress)
        try container.encodeIfPresent(carriedFrom, forKey: .carriedFrom)
        try container.encodeIfPresent(details, forKey: .details)
    }
}

/// An objective changed. Absent fields are unchanged; an empty `parent`, `strategy` or `owner`
/// removes it.
///
/// `parent` is the old single-parent form (v1, v2): it replaces every parent with that one at
/// weight 1; this build aligns with ``ObjectiveAligned`` and ``ObjectiveUnaligned`` instead.
///
/// Version history: v1 had no `owner`; v2 added it; v3 added `progress`. Older events upcast
/// leaving what they lack as it was.
public struct ObjectiveUpdated: EventData {
    public static let eventType = EventType.objectiveUpdated
    public var id: String
    public var title: String?
    public var kind: ObjectiveKind?
    public var parent: String?
    public var strategy: String?
    public var owner: String?
    public var progress: ProgressSource?

    public init(id: String, title: String? = nil, kind: ObjectiveKind? = nil, parent: String? = nil, strategy: String? = nil,
                owner: String? = nil, progress: ProgressSource? = nil) {
        self.id = id
        self.title = title
        self.kind = kind
        self.parent = parent
        self.strategy = strategy
        self.owner = owner
        self.progress = progress
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(title)
        writer.write(kind)
        writer.write(parent)
        writer.write(strategy)
        writer.write(owner)
        writer.write(progress)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 3)
        id = try reader.readString("id")
        title = try reader.readOptionalString("title")
        kind = try reader.readOptional(ObjectiveKind.self, "kind")
        parent = try reader.readOptionalString("parent")
        strategy = try reader.readOptionalString("strategy")
        owner = version >= 2 ? try reader.readOptionalString("owner") : nil
        progress = version >= 3 ? try reader.readOptional(ProgressSource.self, "progress") : nil
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

/// An objective was aligned under a parent (in any cycle) with a weight, or its weight under that
/// parent changed. Counts from its effective time.
public struct ObjectiveAligned: EventData {
    public static let eventType = EventType.objectiveAligned
    public var id: String
    public var parent: String
    public var weight: Double

    public init(id: String, parent: String, weight: Double = 1) {
        self.id = id
        self.parent = parent
        self.weight = weight
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(parent)
        writer.write(weight)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        parent = try reader.readString("parent")
        weight = try reader.readDouble("weight")
    }
}

/// An objective no longer serves a parent, from the event's effective time.
public struct ObjectiveUnaligned: EventData {
    public static let eventType = EventType.objectiveUnaligned
    public var id: String
    public var parent: String

    public init(id: String, parent: String) {
        self.id = id
        self.parent = parent
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(parent)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        parent = try reader.readString("parent")
    }
}
