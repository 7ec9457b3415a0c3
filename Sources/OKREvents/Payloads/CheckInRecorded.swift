/// A weekly (or biweekly) check-in on a key result or an objective: how confident the team is,
/// 0–10, that it will be met, a status in words, a note, or any of them (at least one).
///
/// Version history: v1 had `kr`, `confidence`, `note`; v2 added `author`, for check-ins entered on
/// someone's behalf; v3 made `confidence` optional and added `status`; v4 added `objective`, for a
/// check-in on an objective (SPEC §15), whose `kr` is then empty. A v1 event upcasts with
/// `author` absent, which means "the event's actor"; older ones always have a confidence.
/// In JSON a check-in carries `kr` or `objective`, never both.
public struct CheckInRecorded: EventData {
    public static let eventType = EventType.checkInRecorded
    /// The key result; empty when the check-in is on an objective.
    public var kr: String
    /// The objective, for a check-in on one.
    public var objective: String?
    /// 0–10; `nil` for a check-in with a status or note alone.
    public var confidence: Int?
    public var note: String?
    /// Who the check-in speaks for, when not the Unix user who sent it.
    public var author: String?
    /// On track, at risk or off track, as the team sees it.
    public var status: CheckInStatus?

    public init(kr: String, confidence: Int?, note: String? = nil, author: String? = nil, status: CheckInStatus? = nil) {
        self.kr = kr
        self.objective = nil
        self.confidence = confidence
        self.note = note
        self.author = author
        self.status = status
    }

    /// A check-in on an objective.
    public init(objective: String, confidence: Int?, note: String? = nil, author: String? = nil, status: CheckInStatus? = nil) {
        self.init(kr: "", confidence: confidence, note: note, author: author, status: status)
        self.objective = objective
    }

    /// The key result or objective checked in on.
    public var subject: String { objective ?? kr }

    public func write(to writer: inout ByteWriter) {
        writer.write(kr)
        writer.write(confidence.map { UInt8(clamping: $0) } ?? Self.noConfidence)
        writer.write(note)
        writer.write(author)
        writer.write(status)
        writer.write(objective)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 4)
        kr = try reader.readString("kr")
        let stored = try reader.readUInt8("confidence")
        confidence = version >= 3 && stored == Self.noConfidence ? nil : Int(stored)
        note = try reader.readOptionalString("note")
        author = version >= 2 ? try reader.readOptionalString("author") : nil
        status = version >= 3 ? try reader.readOptional(CheckInStatus.self, "status") : nil
        objective = version >= 4 ? try reader.readOptionalString("objective") : nil
    }

    enum CodingKeys: String, CodingKey { case kr, objective, confidence, note, author, status }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let objective { try container.encode(objective, forKey: .objective) } else { try container.encode(kr, forKey: .kr) }
        try container.encodeIfPresent(confidence, forKey: .confidence)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encodeIfPresent(author, forKey: .author)
        try container.encodeIfPresent(status, forKey: .status)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        objective = try container.decodeIfPresent(String.self, forKey: .objective)
        kr = objective == nil ? try container.decode(String.self, forKey: .kr) : ""
        confidence = try container.decodeIfPresent(Int.self, forKey: .confidence)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        author = try container.decodeIfPresent(String.self, forKey: .author)
        status = try container.decodeIfPresent(CheckInStatus.self, forKey: .status)
    }

    /// The stored confidence byte of a check-in without one (v3 on).
    static let noConfidence: UInt8 = 0xFF
}
