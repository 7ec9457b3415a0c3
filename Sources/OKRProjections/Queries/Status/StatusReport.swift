import OKREvents

/// The answer to `status` (SPEC §6): every shown cycle with its objectives and key results.
public struct StatusReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    public var knownAt: Instant
    public var cycles: [CycleStatus]
}

/// One cycle in a ``StatusReport``.
public struct CycleStatus: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var start: CalendarDay
    public var end: CalendarDay
    public var expected: Double
    /// Share of the shown objectives linked to a parent objective or a strategy choice; `nil` with none.
    public var alignment: Double?
    public var objectives: [ObjectiveStatus]

    enum CodingKeys: String, CodingKey { case id, name, start, end, expected, alignment, objectives }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(expected, forKey: .expected)
        try container.encode(alignment, forKey: .alignment)
        try container.encode(objectives, forKey: .objectives)
    }
}

/// One objective in a ``CycleStatus``.
public struct ObjectiveStatus: Codable, Hashable, Sendable {
    public var id: String
    public var title: String
    public var team: String
    public var kind: ObjectiveKind
    /// Its first parent (the field before weighted parents); see ``parents``.
    public var parent: String?
    /// Every parent, in any cycle, with the weight of this objective's score in it.
    public var parents: [ObjectiveParent]
    public var strategy: String?
    /// Where its score comes from: its key results, its children, or both (SPEC §10).
    public var progressFrom: ProgressSource
    /// The objective of an earlier cycle it carries on.
    public var carriedFrom: String?
    /// By ``progressFrom``: the weighted mean of its key results' scores (no data counts as 0),
    /// of its children's, or of both together; `nil` with nothing to score.
    public var score: Double?
    /// Mean of its key results' latest confidences; `nil` when none has a check-in.
    public var confidence: Double?
    public var lowestConfidence: Int?
    /// Who owns it; `nil` when nobody does.
    public var owner: String?
    public var krs: [KeyResultStatus]

    enum CodingKeys: String, CodingKey {
        case id, title, team, kind, parent, parents, strategy, progressFrom, carriedFrom, score, confidence, lowestConfidence, owner, krs
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(team, forKey: .team)
        try container.encode(kind, forKey: .kind)
        try container.encode(parent, forKey: .parent)
        try container.encode(parents, forKey: .parents)
        try container.encode(strategy, forKey: .strategy)
        try container.encode(progressFrom, forKey: .progressFrom)
        try container.encode(carriedFrom, forKey: .carriedFrom)
        try container.encode(score, forKey: .score)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(lowestConfidence, forKey: .lowestConfidence)
        try container.encode(owner, forKey: .owner)
        try container.encode(krs, forKey: .krs)
    }
}
