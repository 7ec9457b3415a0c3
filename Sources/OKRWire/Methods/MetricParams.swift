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
