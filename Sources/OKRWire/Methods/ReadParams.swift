import OKREvents

/// `status`: absent times mean "now". `owner` shows only what that person owns; `mine` is the
/// same for the caller (the socket's peer: over ssh, the login user).
public struct StatusParams: Codable, Hashable, Sendable {
    public var cycle: String?
    public var team: String?
    public var asOf: Instant?
    public var knownAt: Instant?
    public var owner: String?
    public var mine: Bool?
    public init(cycle: String? = nil, team: String? = nil, asOf: Instant? = nil, knownAt: Instant? = nil,
                owner: String? = nil, mine: Bool? = nil) {
        self.cycle = cycle; self.team = team; self.asOf = asOf; self.knownAt = knownAt; self.owner = owner; self.mine = mine
    }
}

/// `kr.show`.
public struct KeyResultShowParams: Codable, Hashable, Sendable {
    public var id: String
    public var asOf: Instant?
    public init(id: String, asOf: Instant? = nil) { self.id = id; self.asOf = asOf }
}

/// `insight.list`: the valid ones, or with `expired` the expired ones.
public struct InsightListParams: Codable, Hashable, Sendable {
    public var expired: Bool?
    public init(expired: Bool? = nil) { self.expired = expired }
}

/// `log` and `log.follow`: events after `since` (exclusive), at most `limit`, of one `type`.
public struct LogParams: Codable, Hashable, Sendable {
    public var since: UInt64?
    public var limit: Int?
    public var type: EventType?
    public init(since: UInt64? = nil, limit: Int? = nil, type: EventType? = nil) {
        self.since = since; self.limit = limit; self.type = type
    }
}

/// `tree`: one cycle (default: the active one) as of an instant; `owner` and `mine` as for `status`.
public struct TreeParams: Codable, Hashable, Sendable {
    public var cycle: String?
    public var asOf: Instant?
    public var owner: String?
    public var mine: Bool?
    public init(cycle: String? = nil, asOf: Instant? = nil, owner: String? = nil, mine: Bool? = nil) {
        self.cycle = cycle; self.asOf = asOf; self.owner = owner; self.mine = mine
    }
}

/// `lint`: the shown cycles (default: the active ones), one team, as of an instant.
public struct LintParams: Codable, Hashable, Sendable {
    public var cycle: String?
    public var team: String?
    public var asOf: Instant?
    public init(cycle: String? = nil, team: String? = nil, asOf: Instant? = nil) { self.cycle = cycle; self.team = team; self.asOf = asOf }
}

/// `feeds`: the quiet ones, or with `all` every metric.
public struct FeedsParams: Codable, Hashable, Sendable {
    public var all: Bool?
    public init(all: Bool? = nil) { self.all = all }
}

/// `score`.
public struct ScoreParams: Codable, Hashable, Sendable {
    public var cycle: String
    public init(cycle: String) { self.cycle = cycle }
}

/// `calibration`.
public struct CalibrationParams: Codable, Hashable, Sendable {
    public var team: String?
    public init(team: String? = nil) { self.team = team }
}

/// `due`: what needs someone now (SPEC §9). `owner` and `mine` as for `status`; `within`: days
/// ahead in which an expiring insight is due (default 7); `asOf` replays a past day.
public struct DueParams: Codable, Hashable, Sendable {
    public var owner: String?
    public var mine: Bool?
    public var team: String?
    public var within: Double?
    public var asOf: Instant?
    public init(owner: String? = nil, mine: Bool? = nil, team: String? = nil, within: Double? = nil, asOf: Instant? = nil) {
        self.owner = owner; self.mine = mine; self.team = team; self.within = within; self.asOf = asOf
    }
}

/// `digest`: what changed over `[since, asOf]` (default: the 7 days up to now), as the log knew
/// it at `knownAt` (default: now). `cycle`, `team`, `owner` and `mine` choose what is shown, as
/// for `status`.
public struct DigestParams: Codable, Hashable, Sendable {
    public var since: Instant?
    public var asOf: Instant?
    public var knownAt: Instant?
    public var cycle: String?
    public var team: String?
    public var owner: String?
    public var mine: Bool?
    public init(since: Instant? = nil, asOf: Instant? = nil, knownAt: Instant? = nil, cycle: String? = nil, team: String? = nil,
                owner: String? = nil, mine: Bool? = nil) {
        self.since = since; self.asOf = asOf; self.knownAt = knownAt; self.cycle = cycle; self.team = team
        self.owner = owner; self.mine = mine
    }
}
