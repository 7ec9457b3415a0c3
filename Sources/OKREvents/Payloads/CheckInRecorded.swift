/// A weekly (or biweekly) check-in on a key result: how confident the team is, 0–10, that it will be met.
///
/// Version history: v1 had `kr`, `confidence`, `note`; v2 added `author`, for check-ins entered on
/// someone's behalf. A v1 event upcasts with `author` absent, which means "the event's actor".
public struct CheckInRecorded: EventData {
    public static let eventType = EventType.checkInRecorded
    public var kr: String
    /// 0–10.
    public var confidence: Int
    public var note: String?
    /// Who the check-in speaks for, when not the Unix user who sent it.
    public var author: String?

    public init(kr: String, confidence: Int, note: String? = nil, author: String? = nil) {
        self.kr = kr
        self.confidence = confidence
        self.note = note
        self.author = author
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(kr)
        writer.write(UInt8(clamping: confidence))
        writer.write(note)
        writer.write(author)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 2)
        kr = try reader.readString("kr")
        confidence = Int(try reader.readUInt8("confidence"))
        note = try reader.readOptionalString("note")
        author = version >= 2 ? try reader.readOptionalString("author") : nil
    }
}
