/// Pearson's correlation coefficient, two-pass (means first) as numpy's `corrcoef` computes it.
enum Pearson {
    /// r of the pairs (x[i], y[i]); `nil` when either does not vary.
    static func r(_ x: ArraySlice<Double>, _ y: ArraySlice<Double>) -> Double? {
        precondition(x.count == y.count)
        let n = Double(x.count)
        guard n > 1 else { return nil }
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var (sxy, sxx, syy) = (0.0, 0.0, 0.0)
        for (a, b) in zip(x, y) {
            let (dx, dy) = (a - meanX, b - meanY)
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx.squareRoot() * syy.squareRoot())))
    }
}
