import OKREvents

/// `metric.lead`: does `a` lead `b`? (SPEC §14). `from` and `to` bound the UTC dates compared
/// (both included); `maxLag` is the most days searched (1…365, default 30).
public struct MetricLeadParams: Codable, Hashable, Sendable {
    public var a: String
    public var b: String
    public var maxLag: Int?
    public var from: Instant?
    public var to: Instant?

    public init(a: String, b: String, maxLag: Int? = nil, from: Instant? = nil, to: Instant? = nil) {
        (self.a, self.b, self.maxLag, self.from, self.to) = (a, b, maxLag, from, to)
    }
}

/// `metric.link` and `metric.unlink`: `leading` is declared to drive `lagging` (or no longer).
public struct MetricLinkParams: Codable, Hashable, Sendable {
    public var leading: String
    public var lagging: String
    public var note: String?

    public init(leading: String, lagging: String, note: String? = nil) {
        (self.leading, self.lagging, self.note) = (leading, lagging, note)
    }
}

/// `metric.tree`: the tree under one north star, or every one.
public struct MetricTreeParams: Codable, Hashable, Sendable {
    public var northstar: String?
    public var asOf: Instant?

    public init(northstar: String? = nil, asOf: Instant? = nil) {
        self.northstar = northstar
        self.asOf = asOf
    }
}

/// `kpi.add` (SPEC §14): a standing health metric, healthy while the mean of `metric` over the
/// last `window` days (default 1) lies in `[min, max]`; at least one bound. Counts from `at`
/// (default now).
public struct KPIAddParams: Codable, Hashable, Sendable {
    public var id: String
    public var metric: String
    public var name: String
    public var team: String?
    public var owner: String?
    public var min: Double?
    public var max: Double?
    public var window: Int?
    public var at: Instant?

    public init(id: String, metric: String, name: String, team: String? = nil, owner: String? = nil, min: Double? = nil,
                max: Double? = nil, window: Int? = nil, at: Instant? = nil) {
        (self.id, self.metric, self.name, self.team, self.owner) = (id, metric, name, team, owner)
        (self.min, self.max, self.window, self.at) = (min, max, window, at)
    }
}

/// `kpi.update`: what is given replaces what was, from `at` (default now). A `min` or `max`
/// given replaces the band (the other side opens unless given too); `""` clears team or owner.
public struct KPIUpdateParams: Codable, Hashable, Sendable {
    public var id: String
    public var metric: String?
    public var name: String?
    public var team: String?
    public var owner: String?
    public var min: Double?
    public var max: Double?
    public var window: Int?
    public var at: Instant?

    public init(id: String, metric: String? = nil, name: String? = nil, team: String? = nil, owner: String? = nil,
                min: Double? = nil, max: Double? = nil, window: Int? = nil, at: Instant? = nil) {
        (self.id, self.metric, self.name, self.team, self.owner) = (id, metric, name, team, owner)
        (self.min, self.max, self.window, self.at) = (min, max, window, at)
    }
}

/// `kpi.retire`: no longer watched from `at` (default now).
public struct KPIRetireParams: Codable, Hashable, Sendable {
    public var id: String
    public var reason: String?
    public var at: Instant?

    public init(id: String, reason: String? = nil, at: Instant? = nil) {
        (self.id, self.reason, self.at) = (id, reason, at)
    }
}

/// `kpi.list`: the KPIs as of `asOf` (default now), one team's or owner's.
public struct KPIListParams: Codable, Hashable, Sendable {
    public var asOf: Instant?
    public var team: String?
    public var owner: String?

    public init(asOf: Instant? = nil, team: String? = nil, owner: String? = nil) {
        (self.asOf, self.team, self.owner) = (asOf, team, owner)
    }
}

/// `kpi.show`: one KPI as of `asOf` (default now).
public struct KPIShowParams: Codable, Hashable, Sendable {
    public var id: String
    public var asOf: Instant?

    public init(id: String, asOf: Instant? = nil) {
        self.id = id
        self.asOf = asOf
    }
}
