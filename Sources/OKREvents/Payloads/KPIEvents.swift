/// A KPI defined (SPEC §14): a standing health metric with no cycle, healthy while the mean of
/// its metric's observations over the last `window` days lies in `[min, max]` (either bound
/// may be open). It counts from its `effectiveAt` on.
public struct KPIDefined: EventData {
    public static let eventType = EventType.kpiDefined
    public var id: String
    public var metric: String
    public var name: String
    public var team: String?
    public var owner: String?
    public var min: Double?
    public var max: Double?
    /// Days the value is averaged over (at least 1).
    public var window: Int

    public init(id: String, metric: String, name: String, team: String? = nil, owner: String? = nil, min: Double?, max: Double?,
                window: Int = 1) {
        (self.id, self.metric, self.name, self.team, self.owner) = (id, metric, name, team, owner)
        (self.min, self.max, self.window) = (min, max, window)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(metric)
        writer.write(name)
        writer.write(team)
        writer.write(owner)
        writer.write(min)
        writer.write(max)
        writer.writeVarint(UInt64(window))
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        metric = try reader.readString("metric")
        name = try reader.readString("name")
        team = try reader.readOptionalString("team")
        owner = try reader.readOptionalString("owner")
        min = try reader.readOptionalDouble("min")
        max = try reader.readOptionalDouble("max")
        window = try KPIUpdated.readWindow(&reader)
    }
}

/// A KPI changed from `effectiveAt` on: each field given replaces the one before; a band given
/// (`band` true) replaces both bounds, so an open bound may be opened or closed.
public struct KPIUpdated: EventData {
    public static let eventType = EventType.kpiUpdated
    public var id: String
    public var metric: String?
    public var name: String?
    public var team: String?
    public var owner: String?
    /// Whether `min` and `max` are the new band.
    public var band: Bool
    public var min: Double?
    public var max: Double?
    public var window: Int?

    public init(id: String, metric: String? = nil, name: String? = nil, team: String? = nil, owner: String? = nil,
                band: Bool = false, min: Double? = nil, max: Double? = nil, window: Int? = nil) {
        (self.id, self.metric, self.name, self.team, self.owner) = (id, metric, name, team, owner)
        (self.band, self.min, self.max, self.window) = (band, min, max, window)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(metric)
        writer.write(name)
        writer.write(team)
        writer.write(owner)
        writer.write(band)
        writer.write(min)
        writer.write(max)
        writer.writeVarint(UInt64(window ?? 0))
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        metric = try reader.readOptionalString("metric")
        name = try reader.readOptionalString("name")
        team = try reader.readOptionalString("team")
        owner = try reader.readOptionalString("owner")
        band = try reader.readBool("band")
        min = try reader.readOptionalDouble("min")
        max = try reader.readOptionalDouble("max")
        let window = try reader.readVarint("window")
        guard window <= 36_600 else { throw EventCodecError.invalid(field: "window", detail: "\(window) days") }
        self.window = window == 0 ? nil : Int(window)
    }

    static func readWindow(_ reader: inout ByteReader) throws(EventCodecError) -> Int {
        let window = try reader.readVarint("window")
        guard (1...36_600).contains(window) else { throw EventCodecError.invalid(field: "window", detail: "\(window) days") }
        return Int(window)
    }
}

/// A KPI no longer watched, from `effectiveAt` on.
public struct KPIRetired: EventData {
    public static let eventType = EventType.kpiRetired
    public var id: String
    public var reason: String?

    public init(id: String, reason: String? = nil) {
        self.id = id
        self.reason = reason
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(reason)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        reason = try reader.readOptionalString("reason")
    }
}
