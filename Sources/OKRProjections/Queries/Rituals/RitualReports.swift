import OKREvents

/// One review in `review list` and at the head of `review show` (SPEC §15).
public struct ReviewSummary: Codable, Hashable, Sendable {
    public var id: String
    public var cycle: String
    public var kind: ReviewKind
    /// The team whose objectives it gathers; `null` for the whole cycle's.
    public var team: String?
    /// The instant its objectives are scored as of.
    public var at: Instant
    /// How many objectives it gathers, and how many of them have a retrospective.
    public var objectives: Int
    public var retros: Int

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(cycle, forKey: .cycle)
        try container.encode(kind, forKey: .kind)
        try container.encode(team, forKey: .team)
        try container.encode(at, forKey: .at)
        try container.encode(objectives, forKey: .objectives)
        try container.encode(retros, forKey: .retros)
    }
}

/// The answer to `review list`: reviews in the order they are scored as of.
public struct ReviewListReport: Codable, Hashable, Sendable {
    public var reviews: [ReviewSummary]
}

/// The answer to `review show ID`: each objective the review gathers with its score as of the
/// review and its latest retrospective.
public struct ReviewDetail: Codable, Hashable, Sendable {
    public var review: ReviewSummary
    public var objectives: [ReviewObjective]
}

/// One objective of a review.
public struct ReviewObjective: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var kind: ObjectiveKind
    public var owner: String?
    /// Its score as of the review (frozen when the cycle was closed by then); `null` with nothing to score.
    public var score: Double?
    /// Its latest retrospective; `null` without one.
    public var retro: RetroSummary?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(kind, forKey: .kind)
        try container.encode(owner, forKey: .owner)
        try container.encode(score, forKey: .score)
        try container.encode(retro, forKey: .retro)
    }
}

/// One retrospective as the answers show it.
public struct RetroSummary: Codable, Hashable, Sendable {
    /// The seq of its `RetrospectiveRecorded` event (what `ack` names).
    public var seq: UInt64
    public var objective: String
    public var rating: Int
    public var outcome: RetrospectiveOutcome
    public var learned: String?
    public var next: String?
    public var review: String?
    public var author: String
    public var at: Instant

    public init(_ entry: Timeline<Retrospective>.Entry) {
        let data = entry.value.data
        (seq, objective, rating, outcome) = (entry.stamp.seq, data.objective, data.rating, data.outcome)
        (learned, next, review, author, at) = (data.learned, data.next, data.review, entry.value.author, entry.stamp.effectiveAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(objective, forKey: .objective)
        try container.encode(rating, forKey: .rating)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(learned, forKey: .learned)
        try container.encode(next, forKey: .next)
        try container.encode(review, forKey: .review)
        try container.encode(author, forKey: .author)
        try container.encode(at, forKey: .at)
    }
}

/// The answer to `inbox`: what the caller should acknowledge, newest first.
public struct InboxReport: Codable, Hashable, Sendable {
    public var items: [ReviewItem]
}

extension ReviewItem: Codable {
    enum CodingKeys: String, CodingKey { case seq, kind, author, subject, at, note }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(kind, forKey: .kind)
        try container.encode(author, forKey: .author)
        try container.encode(subject, forKey: .subject)
        try container.encode(at, forKey: .at)
        try container.encode(note, forKey: .note)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(seq: try container.decode(UInt64.self, forKey: .seq), kind: try container.decode(Kind.self, forKey: .kind),
                  author: try container.decode(String.self, forKey: .author), subject: try container.decode(String.self, forKey: .subject),
                  at: try container.decode(Instant.self, forKey: .at), note: try container.decodeIfPresent(String.self, forKey: .note))
    }
}

/// One initiative under its key result (SPEC §15): never part of a score.
public struct InitiativeSummary: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var owner: String?
    public var link: String?
    /// `open`, `done` or `dropped`.
    public var state: String
    public var addedAt: Instant
    public var closedAt: Instant?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(owner, forKey: .owner)
        try container.encode(link, forKey: .link)
        try container.encode(state, forKey: .state)
        try container.encode(addedAt, forKey: .addedAt)
        try container.encode(closedAt, forKey: .closedAt)
    }
}

extension OKRModel {
    /// The initiatives of `keyResult` as the perspective sees them, in the order they were added.
    public func initiativeSummaries(of keyResult: String, _ perspective: Perspective) -> [InitiativeSummary] {
        rituals.initiatives(of: keyResult, perspective).map { record in
            let definition = record.defined.definition
            let closed = record.closes.latest(perspective)
            return InitiativeSummary(id: definition.id, title: definition.title, owner: definition.owner, link: definition.link,
                                     state: closed?.value.outcome.rawValue ?? "open", addedAt: record.defined.stamp.effectiveAt,
                                     closedAt: closed?.stamp.effectiveAt)
        }
    }
}
