import OKREvents

/// `objective.update`: absent fields are unchanged; an empty `owner` or `strategy` removes it;
/// `parents` replaces every parent (an empty list unaligns it from all).
public struct ObjectiveUpdateParams: Codable, Hashable, Sendable {
    public var id: String
    public var title: String?
    public var owner: String?
    public var kind: ObjectiveKind?
    public var strategy: String?
    public var parents: [ObjectiveParentParam]?
    public var progress: ProgressSource?
    /// When the change takes effect (default now).
    public var at: Instant?
    public init(id: String, title: String? = nil, owner: String? = nil, kind: ObjectiveKind? = nil, strategy: String? = nil,
                parents: [ObjectiveParentParam]? = nil, progress: ProgressSource? = nil, at: Instant? = nil) {
        self.id = id; self.title = title; self.owner = owner; self.kind = kind; self.strategy = strategy
        self.parents = parents; self.progress = progress; self.at = at
    }
}

/// `objective.align`: `id` serves `parent` (any cycle) with `weight` (default 1) from `at`
/// (default now); aligning again under the same parent changes the weight.
public struct ObjectiveAlignParams: Codable, Hashable, Sendable {
    public var id: String
    public var parent: String
    public var weight: Double?
    public var at: Instant?
    public init(id: String, parent: String, weight: Double? = nil, at: Instant? = nil) {
        self.id = id; self.parent = parent; self.weight = weight; self.at = at
    }
}

/// `objective.unalign`: `id` no longer serves `parent` from `at` (default now).
public struct ObjectiveUnalignParams: Codable, Hashable, Sendable {
    public var id: String
    public var parent: String
    public var at: Instant?
    public init(id: String, parent: String, at: Instant? = nil) { self.id = id; self.parent = parent; self.at = at }
}

/// `objective.carry`: a new objective in `to` carrying on `id`, with the chosen key results
/// (`krs`; absent: every active one not yet done), baselines taken at the source cycle's end.
public struct ObjectiveCarryParams: Codable, Hashable, Sendable {
    public var id: String
    public var to: String
    public var krs: [String]?
    /// The new objective's id (default: the next `O-n`).
    public var newID: String?
    public init(id: String, to: String, krs: [String]? = nil, newID: String? = nil) {
        self.id = id; self.to = to; self.krs = krs; self.newID = newID
    }
}

/// What `objective.carry` made: the new objective's id and its key results' ids in order.
public struct CarryResult: Codable, Hashable, Sendable {
    public var id: String
    public var krs: [String]
    public var seq: UInt64
    public init(id: String, krs: [String], seq: UInt64) { self.id = id; self.krs = krs; self.seq = seq }
}

/// `kr.plan`: the key result's phased target; an empty `checkpoints` clears it.
public struct KeyResultPlanParams: Codable, Hashable, Sendable {
    public var id: String
    public var checkpoints: [PlanCheckpointParam]
    public init(id: String, checkpoints: [PlanCheckpointParam]) { self.id = id; self.checkpoints = checkpoints }
}

/// One checkpoint as a request gives it: `"DATE=VALUE"` (as `--checkpoint` takes it) or
/// `{"day": "DATE", "value": N}`. Kept as text so that the daemon names what is wrong with it
/// (1004) rather than the decoder.
public struct PlanCheckpointParam: Codable, Hashable, Sendable {
    public var day: String
    public var value: String

    public init(day: String, value: String) { self.day = day; self.value = value }

    /// `DATE=VALUE`; a text without `=` keeps it all as the day (and fails the daemon's check).
    public init(argument: String) {
        if let equals = argument.firstIndex(of: "=") {
            self.init(day: String(argument[..<equals]), value: String(argument[argument.index(after: equals)...]))
        } else {
            self.init(day: argument, value: "")
        }
    }

    enum CodingKeys: String, CodingKey { case day, value }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(argument: text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let day = try container.decode(String.self, forKey: .day)
        if let number = try? container.decode(Double.self, forKey: .value) {
            self.init(day: day, value: number.description)
        } else {
            self.init(day: day, value: try container.decode(String.self, forKey: .value))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("\(day)=\(value)")
    }
}

/// `checkin.batch`: check-ins appended together or not at all (`okrctl checkin --file`).
public struct CheckInBatchParams: Codable, Hashable, Sendable {
    public var checkins: [CheckInParams]
    public init(checkins: [CheckInParams]) { self.checkins = checkins }
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
