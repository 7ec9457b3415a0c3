import OKREvents

import Foundation

/// The least-squares trend of a key result's observations and what it says about the cycle's end
/// (docs/PROJECTIONS.md, "Probabilistic forecast").
public struct TrendForecast: Hashable, Sendable {
    /// The trend line's value at the end of the cycle.
    public var value: Double
    /// The probability that the value at the end reaches the target; `nil` when it cannot be told.
    public var probability: Double?
    /// Seconds from the cycle's start at which the line crosses the target; `nil` when the trend
    /// is flat or heads away from the target.
    public var crossingOffset: Double?

    /// Crossings further than this from the cycle's start (about 1,000 years) are reported as none.
    public static let maximumCrossingOffset = 1_000 * 365.25 * 86_400

    /// Fits `points` (x: seconds from the cycle's start) and evaluates at `end`, for a key result
    /// moving from `baseline` toward `target`. `nil` without two distinct x.
    ///
    /// The probability treats the value at `end` as the line's prediction plus Student-t noise
    /// with n − 2 degrees of freedom, scaled by the prediction's standard error
    /// `s·√(1 + 1/n + (x − x̄)²/Sxx)`, where `s` is the residual standard error. With fewer than
    /// three points there are no degrees of freedom left to tell anything: the probability is
    /// `nil` (not "0% chance"). A perfect fit of three or more has no noise: the probability is 1
    /// if the line reaches the target, else 0.
    public static func fit(_ points: [(x: Double, y: Double)], end: Double, baseline: Double, target: Double) -> TrendForecast? {
        fit(MomentSums(points), end: end, baseline: baseline, target: target)
    }

    /// The same from the points' sums.
    public static func fit(_ sums: MomentSums, end: Double, baseline: Double, target: Double) -> TrendForecast? {
        guard let line = sums.line else { return nil }
        let value = line.intercept + line.slope * (end - line.meanX)
        let rising = target >= baseline
        let reaches = rising ? value >= target : value <= target

        let n = sums.count
        var probability: Double? = n < 3 ? nil : reaches ? 1 : 0
        if n >= 3 {
            let s = (sums.residualSquares / (n - 2)).squareRoot()
            let standardError = s * (1 + 1 / n + (end - line.meanX) * (end - line.meanX) / sums.sxx).squareRoot()
            if standardError > 0, standardError.isFinite {
                let t = (target - value) / standardError
                let below = StudentT.cdf(t, degrees: n - 2)
                probability = rising ? 1 - below : below
            }
        }
        if !value.isFinite { probability = nil }

        var crossing: Double?
        if line.slope != 0, (line.slope > 0) == rising {
            let offset = line.meanX + (target - line.intercept) / line.slope
            // A nearly flat trend "crosses" millennia away: that is no date to show.
            if offset.isFinite, abs(offset) < Self.maximumCrossingOffset { crossing = offset }
        }
        return TrendForecast(value: value, probability: probability, crossingOffset: crossing)
    }
}
