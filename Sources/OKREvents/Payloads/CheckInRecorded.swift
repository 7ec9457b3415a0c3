/// A weekly (or biweekly) check-in on a key result: how confident the team is, 0–10, that it will
/// be met, a status in words, a note, or any of them (at least one).
///
/// Version history: v1 had `kr`, `confidence`, `note`; v2 added `author`, for check-ins entered on
/// someone's behalf; v3 made `confidence` optional and added `status`. A v1 event upcasts with
/// `author` absent, which means "the event's actor"; older ones always have a confidence.
public struct CheckInRecorded: EventData {
    public static let eventType = EventType.checkInRecorded
    public var kr: String
    /// 0–10; `nil` for a check-in with a status or note alone.
    public var confidence: Int?
    public var note: String?
    /// Who the check-in speaks for, when not the Unix user who sent it.
    public var author: String?
    /// On track, at risk or off track, as the team sees it.
    public var status: CheckInStatus?

    public init(kr: String, confidence: Int?, note: String? = nil, author: String? = nil, status: CheckInStatus? = nil) {
        self.kr = kr
        self.confidence = confidence
        self.note = note
        self.author = author
        self.status = status
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(kr)
        writer.write(confidence.map { UInt8(clamping: $0) } ?? Self.noConfidence)
        writer.write(note)
        writer.write(author)
        writer.write(status)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 3)
        kr = try reader.readString("kr")
        let stored = try reader.readUInt8("confidence")
        confidence = version >= 3 && stored == Self.noConfidence ? nil : Int(stored)
        note = try reader.readOptionalString("note")
        author = version >= 2 ? try reader.readOptionalString("author") : nil
        status = version >= 3 ? try reader.readOptional(CheckInStatus.self, "status") : nil
    }

    /// The stored confidence byte of a check-in without one (v3 on).
    static let noConfidence: UInt8 = 0xFF
}
