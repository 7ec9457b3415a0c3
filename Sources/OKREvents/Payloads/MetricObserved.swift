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
        var metric = metric, source = source, key = key
        metric.withUTF8 { metric in
            Self.withOptionalUTF8(&source) { source in
                Self.withOptionalUTF8(&key) { key in
                    Self.writeFields(metric: UnsafeRawBufferPointer(metric), value: value, source: source, key: key, into: &writer)
                }
            }
        }
    }

    /// The payload's layout, written here only: by ``write(to:)``, and by a batch append
    /// (`LogWriter+Observations.swift`), which has each row's fields as bytes and never builds a
    /// `MetricObserved`. A text is its byte length (varint) and its UTF-8; an optional one a
    /// presence byte before it.
    @inline(__always)
    static func writeFields(metric: UnsafeRawBufferPointer, value: Double, source: UnsafeRawBufferPointer?,
                            key: UnsafeRawBufferPointer?, into writer: inout ByteWriter) {
        writer.writeVarint(UInt64(metric.count))
        writer.writeRaw(metric)
        writer.write(value)
        writer.write(source != nil)
        if let source {
            writer.writeVarint(UInt64(source.count))
            writer.writeRaw(source)
        }
        writer.write(key != nil)
        if let key {
            writer.writeVarint(UInt64(key.count))
            writer.writeRaw(key)
        }
    }

    private static func withOptionalUTF8<T>(_ text: inout String?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard var value = text else { return body(nil) }
        defer { text = value }
        return value.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        metric = try reader.readString("metric")
        value = try reader.readDouble("value")
        source = try reader.readOptionalString("source")
        key = try reader.readOptionalString("key")
    }
}
