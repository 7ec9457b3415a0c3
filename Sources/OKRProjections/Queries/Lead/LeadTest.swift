import Foundation

/// Whether one metric's daily changes move before another's (SPEC §14): first differences take
/// out a trend both share, r at each lag finds the strongest, and the Granger F-test at that lag
/// asks whether A's past adds to what B's own past already explains. The threshold is divided
/// by the number of lags searched (Bonferroni), because the best of many lags looks good by
/// chance alone.
public enum LeadTest {
    /// The fewest pairs the best lag may rest on.
    public static let minimumPairs = 30
    /// The threshold on p · maxLag.
    public static let significance = 0.01

    /// Why there is no answer: too little history in common.
    public struct NotEnoughHistory: Error, Hashable, Sendable {
        public var commonDays: Int
        public var message: String { "not enough common history: \(commonDays) common days, need \(LeadTest.minimumPairs)" }
    }

    /// The test of `a` leading `b` over their common days within `days` (all of them when `nil`).
    public static func run(a: (name: String, series: DailySeries), b: (name: String, series: DailySeries),
                           days: ClosedRange<Int64>?, maxLag: Int) -> Result<LeadReport, NotEnoughHistory> {
        var low = max(a.series.firstDay, b.series.firstDay)
        var high = min(a.series.lastDay, b.series.lastDay)
        if let days { (low, high) = (max(low, days.lowerBound), min(high, days.upperBound)) }
        let common = low <= high ? Int(high - low + 1) : 0
        guard common >= 2 else { return .failure(NotEnoughHistory(commonDays: common)) }
        let da = differences(a.series.values(low...high))
        let db = differences(b.series.values(low...high))
        let count = da.count
        var lags: [LagCorrelation] = []
        var best: (lag: Int, r: Double)?
        for lag in 1...maxLag {
            let n = max(0, count - lag)
            let r = n > 1 ? Pearson.r(da[0..<n], db[lag..<count]) : nil
            lags.append(LagCorrelation(lag: lag, r: r, n: n))
            if let r, best.map({ abs(r) > abs($0.r) }) ?? true { best = (lag, r) }
        }
        guard let best else { return .failure(NotEnoughHistory(commonDays: common)) }
        let k = best.lag
        let n = count - k
        let dfDenom = n - 2 * k - 1
        guard n >= minimumPairs, dfDenom >= 1 else { return .failure(NotEnoughHistory(commonDays: common)) }
        let (f, p) = granger(db, da, lag: k)
        let leads = p * Double(maxLag) < significance
        let test = GrangerTest(lag: k, r: best.r, f: f, p: p, n: n, dfNum: k, dfDenom: dfDenom)
        let verdict = leads
            ? "\(a.name) leads \(b.name) by \(k) day\(k == 1 ? "" : "s") (r = \(format(best.r)), F = \(format(f)), p = \(format(p)), n = \(n))"
            : "no evidence that \(a.name) leads \(b.name)"
        return .success(LeadReport(a: a.name, b: b.name, maxLag: maxLag, commonDays: common, lags: lags, best: test,
                                   leads: leads, verdict: verdict))
    }

    /// x_t − x_{t−1}.
    static func differences(_ values: ArraySlice<Double>) -> [Double] {
        zip(values.dropFirst(), values).map { $0 - $1 }
    }

    /// F and p of the test that `x`'s lags 1…k add to `y`'s own lags 1…k in explaining `y`, over
    /// the rows t = k…count−1 (statsmodels' `grangercausalitytests([y, x], maxlag=[k])`).
    static func granger(_ y: [Double], _ x: [Double], lag k: Int) -> (f: Double, p: Double) {
        let rows = y.count - k
        var fit = NestedLeastSquares(rows: rows, width: 2 * k, response: Array(y[k...])) { column, row in
            // Row i is t = k + i; columns 0..<k are y(t − 1 − j), k..<2k are x(t − 1 − j).
            let t = k + row
            return column < k ? y[t - 1 - column] : x[t - 1 - (column - k)]
        }
        let sums = fit.residualSums(after: [k, 2 * k])
        let (restricted, unrestricted) = (sums[0], sums[1])
        let dfDenom = Double(rows - 2 * k - 1)
        let f = ((restricted - unrestricted) / unrestricted) / Double(k) * dfDenom
        return (f, FDistribution.survival(f, numerator: Double(k), denominator: dfDenom))
    }

    private static func format(_ value: Double) -> String {
        if value != 0, abs(value) < 1e-3 { return String(format: "%.2e", value) }
        return String(format: "%.3f", value)
    }
}
