import OKREvents

/// `status`: absent times mean "now".
public struct StatusParams: Codable, Hashable, Sendable {
    public var cycle: String?
    public var team: String?
    public var asOf: Instant?
    public var knownAt: Instant?
    public init(cycle: String? = nil, team: String? = nil, asOf: Instant? = nil, knownAt: Instant? = nil) {
        self.cycle = cycle; self.team = team; self.asOf = asOf; self.knownAt = knownAt
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
