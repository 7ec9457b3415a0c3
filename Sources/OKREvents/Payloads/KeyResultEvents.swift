/// A key result was created under an objective, measured by a metric.
///
/// Version history: v1 had no `owner` or `team`; v2 added both; v3 added `carriedFrom`; v4
/// `details` (what an import brought along). A v1 event upcasts with neither owner nor team (the
/// key result is its objective's owner's and team's), and older ones without lineage or details.
public struct KeyResultCreated: EventData {
    public static let eventType = EventType.keyResultCreated
    public var id: String
    public var objective: String
    public var title: String
    public var metric: String
    public var kind: KeyResultKind
    /// The starting value; when absent the projection takes it from the metric's observations.
    public var baseline: Double?
    public var target: Double
    public var unit: String?
    public var level: KeyResultLevel
    public var indicator: Indicator
    public var weight: Double
    /// The person who owns it; `nil`: its objective's owner.
    public var owner: String?
    /// The team that works on it; `nil`: its objective's team.
    public var team: String?
    /// The key result of an earlier cycle it carries on (`objective carry`).
    public var carriedFrom: String?
    /// Description, tags, delegate and check-in owners from the tool it was imported from.
    public var details: GoalDetails?

    public init(id: String, objective: String, title: String, metric: String, kind: KeyResultKind = .progress,
                baseline: Double? = nil, target: Double, unit: String? = nil, level: KeyResultLevel = .outcome,
                indicator: Indicator = .leading, weight: Double = 1, owner: String? = nil, team: String? = nil,
                carriedFrom: String? = nil, details: GoalDetails? = nil) {
        self.id = id
        self.objective = objective
        self.title = title
        self.metric = metric
        self.kind = kind
        self.baseline = baseline
        self.target = target
        self.unit = unit
        self.level = level
        self.indicator = indicator
        self.weight = weight
        self.owner = owner
        self.team = team
        self.carriedFrom = carriedFrom
        self.details = details
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(objective)
        writer.write(title)
        writer.write(metric)
        writer.write(kind)
        writer.write(baseline)
        writer.write(target)
        writer.write(unit)
        writer.write(level)
        writer.write(indicator)
        writer.write(weight)
        writer.write(owner)
        writer.write(team)
        writer.write(carriedFrom)
        writer.write(details)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 4)
        id = try reader.readString("id")
        objective = try reader.readString("objective")
        title = try reader.readString("title")
        metric = try reader.readString("metric")
        kind = try reader.read(KeyResultKind.self, "kind")
        baseline = try reader.readOptionalDouble("baseline")
        target = try reader.readDouble("target")
        unit = try reader.readOptionalString("unit")
        level = try reader.read(KeyResultLevel.self, "level")
        indicator = try reader.read(Indicator.self, "indicator")
        weight = try reader.readDouble("weight")
        owner = version >= 2 ? try reader.readOptionalString("owner") : nil
        team = version >= 2 ? try reader.readOptionalString("team") : nil
        carriedFrom = version >= 3 ? try reader.readOptionalString("carriedFrom") : nil
        details = version >= 4 ? try reader.readDetails("details") : nil
    }
}

/// A key result's descriptive fields changed (title, weight, level, indicator, owner, team);
/// absent fields are unchanged, and an empty `owner` or `team` gives it back to its objective's.
///
/// Version history: v1 had no `owner` or `team`; v2 added both.
public struct KeyResultUpdated: EventData {
    public static let eventType = EventType.keyResultUpdated
    public var id: String
    public var title: String?
    public var weight: Double?
    public var level: KeyResultLevel?
    public var indicator: Indicator?
    public var owner: String?
    public var team: String?

    public init(id: String, title: String? = nil, weight: Double? = nil, level: KeyResultLevel? = nil, indicator: Indicator? = nil,
                owner: String? = nil, team: String? = nil) {
        self.id = id
        self.title = title
        self.weight = weight
        self.level = level
        self.indicator = indicator
        self.owner = owner
        self.team = team
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(title)
        writer.write(weight)
        writer.write(level)
        writer.write(indicator)
        writer.write(owner)
        writer.write(team)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 2)
        id = try reader.readString("id")
        title = try reader.readOptionalString("title")
        weight = try reader.readOptionalDouble("weight")
        level = try reader.readOptional(KeyResultLevel.self, "level")
        indicator = try reader.readOptional(Indicator.self, "indicator")
        owner = version >= 2 ? try reader.readOptionalString("owner") : nil
        team = version >= 2 ? try reader.readOptionalString("team") : nil
    }
}

/// A key result's target moved, with the reason: moving goalposts stay visible.
public struct KeyResultRetargeted: EventData {
    public static let eventType = EventType.keyResultRetargeted
    public var id: String
    public var target: Double
    public var reason: String

    public init(id: String, target: Double, reason: String) {
        self.id = id
        self.target = target
        self.reason = reason
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(target)
        writer.write(reason)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        target = try reader.readDouble("target")
        reason = try reader.readString("reason")
    }
}

/// A key result was dropped; from the drop's effective time it no longer counts toward its objective.
public struct KeyResultDropped: DropEventData {
    public static let eventType = EventType.keyResultDropped
    public var id: String
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// A key result moved to another objective of its cycle, with the reason: from the event's
/// effective time it counts toward `objective`, before it toward the one it had.
public struct KeyResultMoved: EventData {
    public static let eventType = EventType.keyResultMoved
    public var id: String
    public var objective: String
    public var reason: String

    public init(id: String, objective: String, reason: String) {
        self.id = id
        self.objective = objective
        self.reason = reason
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(objective)
        writer.write(reason)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        objective = try reader.readString("objective")
        reason = try reader.readString("reason")
    }
}

/// One checkpoint of a phased target: the value a key result should have reached by the end of `day`.
public struct PlanCheckpoint: Codable, Hashable, Sendable {
    public var day: CalendarDay
    public var value: Double

    public init(day: CalendarDay, value: Double) {
        self.day = day
        self.value = value
    }
}

/// A key result's planned path (SPEC §10): `expected` follows the piecewise-linear line through
/// `(start, baseline)`, the checkpoints and `(end, target)`. No checkpoints clears the plan.
public struct KeyResultPlanned: EventData {
    public static let eventType = EventType.keyResultPlanned
    public var id: String
    /// By day, ascending.
    public var checkpoints: [PlanCheckpoint]

    public init(id: String, checkpoints: [PlanCheckpoint]) {
        self.id = id
        self.checkpoints = checkpoints
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.writeVarint(UInt64(checkpoints.count))
        for checkpoint in checkpoints {
            writer.write(checkpoint.day)
            writer.write(checkpoint.value)
        }
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        let count = try reader.readVarint("checkpoints")
        guard count <= 10_000 else { throw EventCodecError.invalid(field: "checkpoints", detail: "\(count) checkpoints") }
        checkpoints = []
        for _ in 0..<count {
            checkpoints.append(PlanCheckpoint(day: try reader.readDay("checkpoint day"), value: try reader.readDouble("checkpoint value")))
        }
    }
}
