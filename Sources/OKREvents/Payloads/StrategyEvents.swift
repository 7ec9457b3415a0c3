/// A North Star Metric was defined: the persistent, long-term metric on top of the sandwich.
public struct NorthStarDefined: EventData {
    public static let eventType = EventType.northStarDefined
    public var id: String
    public var name: String
    public var metric: String
    public var description: String?

    public init(id: String, name: String, metric: String, description: String? = nil) {
        self.id = id
        self.name = name
        self.metric = metric
        self.description = description
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(metric)
        writer.write(description)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        name = try reader.readString("name")
        metric = try reader.readString("metric")
        description = try reader.readOptionalString("description")
    }
}

/// A strategy choice was recorded: the bridge from a North Star to the objectives that serve it.
public struct StrategyChoiceRecorded: EventData {
    public static let eventType = EventType.strategyChoiceRecorded
    public var id: String
    public var statement: String
    public var northStar: String

    public init(id: String, statement: String, northStar: String) {
        self.id = id
        self.statement = statement
        self.northStar = northStar
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(statement)
        writer.write(northStar)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        statement = try reader.readString("statement")
        northStar = try reader.readString("northStar")
    }
}
