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

    public init(id: String, name: String? = nil, email: String? = nil, teams: [String] = []) {
        self.id = id
        self.name = name
        self.email = email
        self.teams = teams
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(email)
        writer.writeVarint(UInt64(teams.count))
        for team in teams { writer.write(team) }
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
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
    }
}
