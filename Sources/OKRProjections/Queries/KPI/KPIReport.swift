import OKREvents

/// The answer to `kpi list` (SPEC §14).
public struct KPIReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    public var kpis: [KPIEntry]
}

/// One KPI as it stands at an instant: its settings, value and health, and since when.
public struct KPIEntry: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var metric: String
    public var team: String?
    public var owner: String?
    public var band: KPIBand
    /// Days averaged over.
    public var window: Int
    public var value: Double?
    public var health: KPIHealth
    /// When it last changed health (its definition, when it never did).
    public var since: Instant?
    /// Its value at the end of each of the last 30 days, oldest first (`null` where unknown).
    public var sparkline: [Double?]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(metric, forKey: .metric)
        try container.encode(team, forKey: .team)
        try container.encode(owner, forKey: .owner)
        try container.encode(band, forKey: .band)
        try container.encode(window, forKey: .window)
        try container.encode(value, forKey: .value)
        try container.encode(health, forKey: .health)
        try container.encode(since, forKey: .since)
        try container.encode(sparkline, forKey: .sparkline)
    }
}

/// A KPI's healthy band, bounds included; `null` for an open side.
public struct KPIBand: Codable, Hashable, Sendable {
    public var min: Double?
    public var max: Double?

    public init(min: Double?, max: Double?) {
        self.min = min
        self.max = max
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(min, forKey: .min)
        try container.encode(max, forKey: .max)
    }
}

/// The answer to `kpi show`: the KPI now, every change of its health, and its own history.
public struct KPIDetail: Codable, Hashable, Sendable {
    public var asOf: Instant
    public var kpi: KPIEntry
    /// Whether it is retired as of the instant asked about, and why.
    public var retiredAt: Instant?
    public var reason: String?
    public var changes: [KPIHealthChange]
    /// Its definition, updates and retirement, in effective-time order.
    public var history: [KPIHistoryEntry]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(kpi, forKey: .kpi)
        try container.encode(retiredAt, forKey: .retiredAt)
        try container.encode(reason, forKey: .reason)
        try container.encode(changes, forKey: .changes)
        try container.encode(history, forKey: .history)
    }
}

/// One event of a KPI's own history, said in a line.
public struct KPIHistoryEntry: Codable, Hashable, Sendable {
    public var at: Instant
    /// `KPIDefined`, `KPIUpdated` or `KPIRetired`.
    public var type: String
    public var detail: String
}
