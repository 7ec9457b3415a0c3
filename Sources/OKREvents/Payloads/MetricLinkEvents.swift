/// One metric declared to drive another (SPEC §14): a north star's input, a key result's metric
/// behind a KPI. `metric lead` says whether the history bears it out.
public struct MetricLinked: EventData {
    public static let eventType = EventType.metricLinked
    public var leading: String
    public var lagging: String
    public var note: String?

    public init(leading: String, lagging: String, note: String? = nil) {
        (self.leading, self.lagging, self.note) = (leading, lagging, note)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(leading)
        writer.write(lagging)
        writer.write(note)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        leading = try reader.readString("leading")
        lagging = try reader.readString("lagging")
        note = try reader.readOptionalString("note")
    }
}

/// A link between two metrics withdrawn.
public struct MetricUnlinked: EventData {
    public static let eventType = EventType.metricUnlinked
    public var leading: String
    public var lagging: String

    public init(leading: String, lagging: String) {
        (self.leading, self.lagging) = (leading, lagging)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(leading)
        writer.write(lagging)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        leading = try reader.readString("leading")
        lagging = try reader.readString("lagging")
    }
}
