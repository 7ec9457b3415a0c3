/// A metric's value was observed (usually by a cron job). Keyed by metric, not by key result,
/// so one metric can serve many key results and cycles.
public struct MetricObserved: EventData {
    public static let eventType = EventType.metricObserved
    public var metric: String
    /// A finite number.
    public var value: Double
    /// Where the number came from (`cron:signups`, a dashboard, a person).
    public var source: String?
    /// The client's idempotency key, when it sent one.
    public var key: String?

    public init(metric: String, value: Double, source: String? = nil, key: String? = nil) {
        self.metric = metric
        self.value = value
        self.source = source
        self.key = key
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(metric)
        writer.write(value)
        writer.write(source)
        writer.write(key)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        metric = try reader.readString("metric")
        value = try reader.readDouble("value")
        source = try reader.readOptionalString("source")
        key = try reader.readOptionalString("key")
    }
}
