/// Student's t distribution, for the prediction interval of the forecast.
enum StudentT {
    /// P(T ≤ t) with `degrees` degrees of freedom.
    static func cdf(_ t: Double, degrees: Double) -> Double {
        guard t.isFinite else { return t > 0 ? 1 : 0 }
        let x = degrees / (degrees + t * t)
        let tail = 0.5 * IncompleteBeta.regularized(x, a: degrees / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }
}
