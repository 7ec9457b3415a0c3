/// A payload that is an id and a reason: the drops of objectives and key results, which share
/// one binary layout (the golden fixture pins it).
public protocol DropEventData: EventData {
    var id: String { get }
    var reason: String { get }
    init(id: String, reason: String)
}

extension DropEventData {
    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(reason)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        self.init(id: try reader.readString("id"), reason: try reader.readString("reason"))
    }
}
