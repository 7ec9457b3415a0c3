import OKREvents

/// `review.start` (SPEC §15): a review of `cycle`'s objectives (one team's when `team` is given),
/// scored as of `at` (default now). The id is the caller's. `kind` is `mid` or `close`, read as
/// text so that another word is refused naming it (1004) like every other rule.
public struct ReviewStartParams: Codable, Hashable, Sendable {
    public var id: String
    public var cycle: String
    public var kind: String
    public var team: String?
    public var at: Instant?

    public init(id: String, cycle: String, kind: String, team: String? = nil, at: Instant? = nil) {
        (self.id, self.cycle, self.kind, self.team, self.at) = (id, cycle, kind, team, at)
    }
}

/// `review.list`: every review, or one cycle's.
public struct ReviewListParams: Codable, Hashable, Sendable {
    public var cycle: String?
    public init(cycle: String? = nil) { self.cycle = cycle }
}

/// `review.show`: one review.
public struct ReviewShowParams: Codable, Hashable, Sendable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// `retro` (SPEC §15): a retrospective on one objective. `rating` is a whole number 1–5;
/// `outcome` one of `accomplished`, `missed`, `postponed`, `dropped` (read as text, refused with 1004).
public struct RetroParams: Codable, Hashable, Sendable {
    public var objective: String
    public var rating: Int
    public var outcome: String
    public var learned: String?
    public var next: String?
    public var review: String?
    public var at: Instant?

    public init(objective: String, rating: Int, outcome: String, learned: String? = nil, next: String? = nil,
                review: String? = nil, at: Instant? = nil) {
        (self.objective, self.rating, self.outcome, self.learned) = (objective, rating, outcome, learned)
        (self.next, self.review, self.at) = (next, review, at)
    }
}

/// `ack` (SPEC §15): the caller, as the author's reviewer, acknowledges the check-in or
/// retrospective stored at `seq`.
public struct AckParams: Codable, Hashable, Sendable {
    public var seq: UInt64
    public var note: String?
    public var at: Instant?

    public init(seq: UInt64, note: String? = nil, at: Instant? = nil) {
        (self.seq, self.note, self.at) = (seq, note, at)
    }
}

/// `initiative.add` (SPEC §15): work planned for a key result. `id` defaults to the next `IN-n`.
public struct InitiativeAddParams: Codable, Hashable, Sendable {
    public var title: String
    public var kr: String
    public var owner: String?
    public var link: String?
    public var id: String?
    public var at: Instant?

    public init(title: String, kr: String, owner: String? = nil, link: String? = nil, id: String? = nil, at: Instant? = nil) {
        (self.title, self.kr, self.owner, self.link, self.id, self.at) = (title, kr, owner, link, id, at)
    }
}

/// `initiative.close`: an initiative done, or dropped.
public struct InitiativeCloseParams: Codable, Hashable, Sendable {
    public var id: String
    public var outcome: InitiativeOutcome
    public var at: Instant?

    public init(id: String, outcome: InitiativeOutcome, at: Instant? = nil) {
        (self.id, self.outcome, self.at) = (id, outcome, at)
    }
}
