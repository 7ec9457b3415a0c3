/// Residual sums of squares of nested least-squares fits with an intercept, by Householder QR
/// on centred columns: numerically stable where the normal equations are not (their condition
/// number is the square of the design's).
///
/// The Granger test needs two fits over the same rows, the second with more columns than the
/// first; one factorisation of the wider design answers both, because after the first p
/// reflections the squared tail of the reflected response is the residual sum of squares of the
/// fit on the first p columns.
struct NestedLeastSquares {
    /// The design, column-major: `rows` values per column.
    private var columns: [Double]
    private var response: [Double]
    let rows: Int
    let width: Int

    /// A design of `width` columns over `rows` rows, `value(j, i)` being column j's row i, and the
    /// response; an intercept is implied (every column and the response are centred).
    init(rows: Int, width: Int, response: [Double], value: (_ column: Int, _ row: Int) -> Double) {
        precondition(response.count == rows)
        self.rows = rows
        self.width = width
        var columns = [Double](repeating: 0, count: rows * width)
        for j in 0..<width {
            for i in 0..<rows { columns[j * rows + i] = value(j, i) }
            Self.centre(&columns[j * rows..<(j + 1) * rows])
        }
        self.columns = columns
        self.response = response
        Self.centre(&self.response[...])
    }

    /// The residual sum of squares after the first `p` columns, for each `p` in `steps`
    /// (ascending, each at most `width`); a column that adds nothing new (zero, or a combination
    /// of the ones before it, to rounding) is passed over, as a pseudo-inverse would.
    mutating func residualSums(after steps: [Int]) -> [Double] {
        var answers: [Double] = []
        var rank = 0
        var step = steps.makeIterator()
        var next = step.next()
        let scale = columns.reduce(0) { max($0, abs($1)) }
        for j in 0...width {
            while let wanted = next, wanted == j {
                answers.append(tailSquares(from: rank))
                next = step.next()
            }
            if j == width { break }
            if reflect(column: j, at: rank, tolerance: scale * Double(rows) * 1e-13) { rank += 1 }
        }
        return answers
    }

    /// The squared length of the reflected response below `row`: what no column so far explains.
    private func tailSquares(from row: Int) -> Double {
        var sum = 0.0
        for i in row..<rows { sum += response[i] * response[i] }
        return sum
    }

    /// Applies the Householder reflection that zeroes column `j` below row `pivot` to it, to the
    /// columns after it and to the response; false when the column has nothing left there.
    private mutating func reflect(column j: Int, at pivot: Int, tolerance: Double) -> Bool {
        guard pivot < rows else { return false }
        let base = j * rows
        var norm = 0.0
        for i in pivot..<rows { norm += columns[base + i] * columns[base + i] }
        norm = norm.squareRoot()
        guard norm > tolerance else { return false }
        let alpha = columns[base + pivot] > 0 ? -norm : norm
        columns[base + pivot] -= alpha
        // v = the column's tail (with its first entry shifted); H = I − 2vvᵀ/vᵀv.
        var vv = 0.0
        for i in pivot..<rows { vv += columns[base + i] * columns[base + i] }
        columns.withUnsafeMutableBufferPointer { a in
            for other in (j + 1)..<width {
                let target = other * rows
                var dot = 0.0
                for i in pivot..<rows { dot += a[base + i] * a[target + i] }
                let factor = 2 * dot / vv
                for i in pivot..<rows { a[target + i] -= factor * a[base + i] }
            }
            response.withUnsafeMutableBufferPointer { y in
                var dot = 0.0
                for i in pivot..<rows { dot += a[base + i] * y[i] }
                let factor = 2 * dot / vv
                for i in pivot..<rows { y[i] -= factor * a[base + i] }
            }
        }
        return true
    }

    private static func centre(_ values: inout ArraySlice<Double>) {
        guard !values.isEmpty else { return }
        let mean = values.reduce(0, +) / Double(values.count)
        for i in values.indices { values[i] -= mean }
    }
}
