/// The answer to `metric lead A B` (SPEC §14): the correlation of A's daily changes with B's
/// later ones at each lag, the Granger F-test at the strongest, and what may be concluded.
public struct LeadReport: Codable, Hashable, Sendable {
    /// The metric asked about as leading, and the one it would lead.
    public var a: String
    public var b: String
    /// Lags searched: 1 through this many days.
    public var maxLag: Int
    /// Days both daily series cover within the asked range (before differencing).
    public var commonDays: Int
    public var lags: [LagCorrelation]
    public var best: GrangerTest
    /// Whether the test gives evidence that A leads B (p · maxLag < 0.01).
    public var leads: Bool
    /// "A leads B by k days (…)" or "no evidence that A leads B".
    public var verdict: String

    public init(a: String, b: String, maxLag: Int, commonDays: Int, lags: [LagCorrelation], best: GrangerTest, leads: Bool, verdict: String) {
        (self.a, self.b, self.maxLag, self.commonDays) = (a, b, maxLag, commonDays)
        (self.lags, self.best, self.leads, self.verdict) = (lags, best, leads, verdict)
    }
}

/// Pearson's r between ΔA(t − lag) and ΔB(t) over `n` pairs; `r` is `null` where either side
/// does not vary.
public struct LagCorrelation: Codable, Hashable, Sendable {
    public var lag: Int
    public var r: Double?
    public var n: Int

    public init(lag: Int, r: Double?, n: Int) {
        (self.lag, self.r, self.n) = (lag, r, n)
    }

    /// `r` as `null` when there is none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lag, forKey: .lag)
        try container.encode(r, forKey: .r)
        try container.encode(n, forKey: .n)
    }
}

/// The Granger F-test of lag order `lag` (statsmodels' `ssr_ftest`): does adding A's past to
/// B's own past explain B's change better than chance would?
public struct GrangerTest: Codable, Hashable, Sendable {
    public var lag: Int
    public var r: Double
    public var f: Double
    public var p: Double
    public var n: Int
    public var dfNum: Int
    public var dfDenom: Int

    public init(lag: Int, r: Double, f: Double, p: Double, n: Int, dfNum: Int, dfDenom: Int) {
        (self.lag, self.r, self.f, self.p, self.n, self.dfNum, self.dfDenom) = (lag, r, f, p, n, dfNum, dfDenom)
    }
}
