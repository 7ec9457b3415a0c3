import OKREvents

/// `person.set`: records a person (SPEC §9). Absent fields keep what was recorded before; an
/// empty `name` or `email` removes it; `teams`, when given, replaces the list.
public struct PersonSetParams: Codable, Hashable, Sendable {
    /// The Unix user name on the team server (`[a-z_][a-z0-9._-]{0,31}`).
    public var id: String
    public var name: String?
    public var email: String?
    public var teams: [String]?
    /// Who reads and acknowledges their check-ins and retrospectives (SPEC §15); empty removes it.
    public var reviewer: String?
    public init(id: String, name: String? = nil, email: String? = nil, teams: [String]? = nil, reviewer: String? = nil) {
        self.id = id; self.name = name; self.email = email; self.teams = teams; self.reviewer = reviewer
    }
}

/// One person in `person.list`; `nil` encodes as `null`.
public struct PersonSummary: Codable, Hashable, Sendable {
    public var id: String
    public var name: String?
    public var email: String?
    public var teams: [String]
    /// Who acknowledges their check-ins and retrospectives.
    public var reviewer: String? = nil
    /// Objectives they own in the active cycles.
    public var objectives: Int
    /// Key results they own in the active cycles: their own and those of their objectives with no owner of their own.
    public var keyResults: Int

    public init(id: String, name: String?, email: String?, teams: [String], objectives: Int, keyResults: Int, reviewer: String? = nil) {
        self.id = id; self.name = name; self.email = email; self.teams = teams
        self.objectives = objectives; self.keyResults = keyResults; self.reviewer = reviewer
    }

    enum CodingKeys: String, CodingKey { case id, name, email, teams, reviewer, objectives, keyResults }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(email, forKey: .email)
        try container.encode(teams, forKey: .teams)
        try container.encode(reviewer, forKey: .reviewer)
        try container.encode(objectives, forKey: .objectives)
        try container.encode(keyResults, forKey: .keyResults)
    }
}

/// `person.list`: everyone recorded, by id.
public struct PersonListResult: Codable, Hashable, Sendable {
    public var people: [PersonSummary]
    public init(people: [PersonSummary]) { self.people = people }
}
