import Foundation

/// The regularised incomplete beta function I_x(a, b): the tails of Student's t and of the F
/// distribution.
enum IncompleteBeta {
    /// I_x(a, b), by the continued fraction of Numerical Recipes (§6.4, modified Lentz), taken on
    /// the side of x where it converges fast, so that a small result keeps its relative precision
    /// (the p-value of a strong F-test may be 1e-40 and is still told apart from 1e-39).
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log1p(-x)
        let front: Double = exp(logBeta + logPowers)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The complement 1 − I_x(a, b) = I_{1−x}(b, a), computed without subtracting from 1.
    static func complement(_ x: Double, a: Double, b: Double) -> Double {
        regularized(1 - x, a: b, b: a)
    }

    /// The continued fraction converges in O(√max(a, b)) steps on the side chosen above; the
    /// bound is far past that for any degrees of freedom okr meets.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return result
    }
}
