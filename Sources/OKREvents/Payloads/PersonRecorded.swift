/// Someone who can own objectives and key results (SPEC §9): the whole record, latest wins.
///
/// `id` is the person's Unix user name on the team server, so that `--mine` and the peer of a
/// socket (or an ssh login) name the same person; someone without an account may be recorded
/// too, and own things.
public struct PersonRecorded: EventData {
    public static let eventType = EventType.personRecorded
    public var id: String
    public var name: String?
    public var email: String?
    /// The teams the person works in, in the order given.
    public var teams: [String]
    /// Who reads and acknowledges this person's check-ins and retrospectives (SPEC §15); v2 on.
    public var reviewer: String?

    public init(id: String, name: String? = nil, email: String? = nil, teams: [String] = [], reviewer: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.teams = teams
        self.reviewer = reviewer
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(email)
        writer.writeVarint(UInt64(teams.count))
        for team in teams { writer.write(team) }
        writer.write(reviewer)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 2)
        id = try reader.readString("id")
        name = try reader.readOptionalString("name")
        email = try reader.readOptionalString("email")
        let count = try reader.readVarint("teams")
        guard count <= UInt64(reader.remaining) else {
            throw EventCodecError.invalid(field: "teams", detail: "\(count) teams in \(reader.remaining) bytes")
        }
        var teams: [String] = []
        for _ in 0..<count { teams.append(try reader.readString("team")) }
        self.teams = teams
        reviewer = version >= 2 ? try reader.readOptionalString("reviewer") : nil
    }
}
