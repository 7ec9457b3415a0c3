/// The count, means and centred second moments of a set of `(x, y)` points: everything a
/// least-squares line and its residual error need, in a form that merges exactly and without
/// cancellation (Chan, Golub and LeVeque's pairwise update), so that per-day summaries of
/// observations add up to the summary of a whole cycle.
public struct MomentSums: Hashable, Sendable {
    public private(set) var count: Double = 0
    public private(set) var meanX: Double = 0
    public private(set) var meanY: Double = 0
    /// Σ(x − x̄)², Σ(y − ȳ)², Σ(x − x̄)(y − ȳ).
    public private(set) var sxx: Double = 0
    public private(set) var syy: Double = 0
    public private(set) var sxy: Double = 0

    public init() {}

    /// The sums of `points`.
    public init(_ points: some Sequence<(x: Double, y: Double)>) {
        for point in points { add(x: point.x, y: point.y) }
    }

    /// Sums as stored (see ``DaySummary/encoded()``).
    public init(count: Double, meanX: Double, meanY: Double, sxx: Double, syy: Double, sxy: Double) {
        (self.count, self.meanX, self.meanY, self.sxx, self.syy, self.sxy) = (count, meanX, meanY, sxx, syy, sxy)
    }

    /// Writes the six sums (little-endian doubles), as ``DaySummary`` and snapshots store them.
    public func write(to writer: inout ByteWriter) {
        for value in [count, meanX, meanY, sxx, syy, sxy] { writer.write(value) }
    }

    /// Reads what ``write(to:)`` wrote.
    public init(from reader: inout ByteReader) throws(EventCodecError) {
        self.init(count: try reader.readDouble(), meanX: try reader.readDouble(), meanY: try reader.readDouble(),
                  sxx: try reader.readDouble(), syy: try reader.readDouble(), sxy: try reader.readDouble())
    }

    /// Adds one point (Welford's update).
    public mutating func add(x: Double, y: Double) {
        count += 1
        let dx = x - meanX
        let dy = y - meanY
        meanX += dx / count
        meanY += dy / count
        sxx += dx * (x - meanX)
        syy += dy * (y - meanY)
        sxy += dx * (y - meanY)
    }

    /// Adds every point of `other`.
    public mutating func merge(_ other: MomentSums) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let total = count + other.count
        let dx = other.meanX - meanX
        let dy = other.meanY - meanY
        let weight = count * other.count / total
        sxx += other.sxx + dx * dx * weight
        syy += other.syy + dy * dy * weight
        sxy += other.sxy + dx * dy * weight
        meanX += dx * other.count / total
        meanY += dy * other.count / total
        count = total
    }

    /// The same points with every `x` moved by `offset` (a change of origin).
    public func shifted(by offset: Double) -> MomentSums {
        var copy = self
        copy.meanX += offset
        return copy
    }

    /// The least-squares line: `nil` without two distinct `x`.
    public var line: (slope: Double, intercept: Double, meanX: Double)? {
        guard count >= 2, sxx > 0 else { return nil }
        return (sxy / sxx, meanY, meanX)
    }

    /// Σ of squared residuals around the least-squares line, 0 for a fit exact to rounding.
    public var residualSquares: Double {
        guard sxx > 0 else { return syy }
        let residual = syy - sxy * sxy / sxx
        return residual <= syy * 1e-12 ? 0 : residual
    }
}
