/// Snedecor's F distribution: the p-value of the Granger test (`metric lead`).
enum FDistribution {
    /// P(F > f) for F(`numerator`, `denominator`) degrees of freedom, what scipy calls `f.sf`.
    ///
    /// With x = d2 / (d2 + d1·f), P(F > f) = I_x(d2/2, d1/2): for a large f, x is small and the
    /// continued fraction gives the tiny tail directly, not as 1 minus something close to 1.
    static func survival(_ f: Double, numerator d1: Double, denominator d2: Double) -> Double {
        guard f.isFinite else { return f > 0 ? 0 : 1 }
        guard f > 0 else { return 1 }
        let x = d2 / (d2 + d1 * f)
        return IncompleteBeta.regularized(x, a: d2 / 2, b: d1 / 2)
    }
}
