/// What a tool an objective or key result was brought over from knew of it beyond okr's own
/// fields (SPEC §11): its description, its tags, the person it was delegated to and the people
/// who checked in on it. Kept in the creating event so nothing of the history is thrown away;
/// `kr show` and `tree --json` show it. Empty for what okr itself created.
public struct GoalDetails: Codable, Hashable, Sendable {
    /// Free text, several lines.
    public var description: String?
    public var tags: [String]
    /// The person (id) the owner delegated the work to.
    public var delegate: String?
    /// The people (ids) who check in on it (Viva's Check-in Owners).
    public var checkInOwners: [String]

    public init(description: String? = nil, tags: [String] = [], delegate: String? = nil, checkInOwners: [String] = []) {
        self.description = description
        self.tags = tags
        self.delegate = delegate
        self.checkInOwners = checkInOwners
    }

    /// Whether there is nothing to keep.
    public var isEmpty: Bool { description == nil && tags.isEmpty && delegate == nil && checkInOwners.isEmpty }

    enum CodingKeys: String, CodingKey { case description, tags, delegate, checkInOwners }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        delegate = try container.decodeIfPresent(String.self, forKey: .delegate)
        checkInOwners = try container.decodeIfPresent([String].self, forKey: .checkInOwners) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(description, forKey: .description)
        if !tags.isEmpty { try container.encode(tags, forKey: .tags) }
        try container.encodeIfPresent(delegate, forKey: .delegate)
        if !checkInOwners.isEmpty { try container.encode(checkInOwners, forKey: .checkInOwners) }
    }
}

extension ByteWriter {
    /// Details as a presence byte, then description, tags, delegate and check-in owners.
    public mutating func write(_ details: GoalDetails?) {
        guard let details, !details.isEmpty else {
            write(UInt8(0))
            return
        }
        write(UInt8(1))
        write(details.description)
        write(strings: details.tags)
        write(details.delegate)
        write(strings: details.checkInOwners)
    }

    /// A list of strings: a varint count, then each.
    public mutating func write(strings: [String]) {
        writeVarint(UInt64(strings.count))
        for string in strings { write(string) }
    }
}

extension ByteReader {
    /// Details written by ``ByteWriter/write(_:)-(GoalDetails?)``.
    public mutating func readDetails(_ field: StaticString) throws(EventCodecError) -> GoalDetails? {
        switch try readUInt8(field) {
        case 0: return nil
        case 1:
            return GoalDetails(description: try readOptionalString(field), tags: try readStrings(field),
                               delegate: try readOptionalString(field), checkInOwners: try readStrings(field))
        case let flag: throw EventCodecError.invalid(field: "\(field)", detail: "presence flag \(flag)")
        }
    }

    /// A list written by ``ByteWriter/write(strings:)``.
    public mutating func readStrings(_ field: StaticString) throws(EventCodecError) -> [String] {
        let count = try readVarint(field)
        guard count <= UInt64(remaining) else {
            throw EventCodecError.invalid(field: "\(field)", detail: "\(count) strings in \(remaining) bytes")
        }
        var strings: [String] = []
        for _ in 0..<count { strings.append(try readString(field)) }
        return strings
    }
}
