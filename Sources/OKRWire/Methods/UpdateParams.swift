import OKREvents

/// `objective.update`: absent fields are unchanged; an empty `owner` or `strategy` removes it.
public struct ObjectiveUpdateParams: Codable, Hashable, Sendable {
    public var id: String
    public var title: String?
    public var owner: String?
    public var kind: ObjectiveKind?
    public var strategy: String?
    public init(id: String, title: String? = nil, owner: String? = nil, kind: ObjectiveKind? = nil, strategy: String? = nil) {
        self.id = id; self.title = title; self.owner = owner; self.kind = kind; self.strategy = strategy
    }
}

/// `kr.update`: absent fields are unchanged; an empty `owner` or `team` gives the key result
/// back to its objective's.
public struct KeyResultUpdateParams: Codable, Hashable, Sendable {
    public var id: String
    public var title: String?
    public var owner: String?
    public var team: String?
    public var weight: Double?
    public var level: KeyResultLevel?
    public var indicator: Indicator?
    public init(id: String, title: String? = nil, owner: String? = nil, team: String? = nil, weight: Double? = nil,
                level: KeyResultLevel? = nil, indicator: Indicator? = nil) {
        self.id = id; self.title = title; self.owner = owner; self.team = team; self.weight = weight
        self.level = level; self.indicator = indicator
    }
}

/// `kr.move`: the key result counts toward `objective` (of its cycle) from `at` (default now) on,
/// and toward the one it had before.
public struct KeyResultMoveParams: Codable, Hashable, Sendable {
    public var id: String
    public var objective: String
    public var reason: String
    public var at: Instant?
    public init(id: String, objective: String, reason: String, at: Instant? = nil) {
        self.id = id; self.objective = objective; self.reason = reason; self.at = at
    }
}
