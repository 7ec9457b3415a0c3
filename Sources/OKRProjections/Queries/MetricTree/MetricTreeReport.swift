import OKREvents

/// The answer to `metric tree` (SPEC §14): each north star's metric with the metrics linked to
/// drive it, theirs in turn, and what the history says of each link.
public struct MetricTreeReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    /// North stars' metrics first (by north star id), then metrics that drive others but lead
    /// to no north star.
    public var roots: [MetricNode]
}

/// One metric in a ``MetricTreeReport``, with what measures it and what drives it.
public struct MetricNode: Codable, Hashable, Sendable {
    public var metric: String
    /// The north star measured by it, at a root.
    public var northStar: String?
    /// Active key results and KPIs measured by it.
    public var keyResults: [String]
    public var kpis: [String]
    /// The link from this metric to its parent and its evidence; `nil` at a root.
    public var link: LinkEvidence?
    /// The metrics linked to drive this one.
    public var inputs: [MetricNode]

    /// `nil` members as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(northStar, forKey: .northStar)
        try container.encode(keyResults, forKey: .keyResults)
        try container.encode(kpis, forKey: .kpis)
        try container.encode(link, forKey: .link)
        try container.encode(inputs, forKey: .inputs)
    }
}

/// A link's note and what `metric lead` (default max-lag, all history) says of it.
public struct LinkEvidence: Codable, Hashable, Sendable {
    public var note: String?
    /// Days of history the two metrics share.
    public var commonDays: Int
    /// Whether the test finds the lead; `nil` when there is too little history to test.
    public var leads: Bool?
    public var lag: Int?
    public var r: Double?
    public var p: Double?
    /// The verdict, or why there is none.
    public var verdict: String

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(note, forKey: .note)
        try container.encode(commonDays, forKey: .commonDays)
        try container.encode(leads, forKey: .leads)
        try container.encode(lag, forKey: .lag)
        try container.encode(r, forKey: .r)
        try container.encode(p, forKey: .p)
        try container.encode(verdict, forKey: .verdict)
    }
}
