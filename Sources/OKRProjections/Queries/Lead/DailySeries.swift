/// A metric as one value per UTC day (SPEC §14): each day's last observation, and between two
/// observed days the value on the straight line joining them; nothing before the first observed
/// day or after the last.
public struct DailySeries: Hashable, Sendable {
    /// The first day, in days since the epoch.
    public var firstDay: Int64
    /// One value per day from ``firstDay`` on.
    public var values: [Double]

    /// The last day (meaningless when empty).
    public var lastDay: Int64 { firstDay + Int64(values.count) - 1 }

    public init(firstDay: Int64, values: [Double]) {
        self.firstDay = firstDay
        self.values = values
    }

    /// The series through `observed` (each day's last value, ascending by day, no day twice);
    /// `nil` with no observed day.
    public init?(observed: [(day: Int64, value: Double)]) {
        guard let first = observed.first, let last = observed.last else { return nil }
        firstDay = first.day
        values = []
        values.reserveCapacity(Int(last.day - first.day + 1))
        values.append(first.value)
        for (earlier, later) in zip(observed, observed.dropFirst()) {
            let span = Double(later.day - earlier.day)
            if later.day - earlier.day > 1 {
                for step in 1..<(later.day - earlier.day) {
                    values.append(earlier.value + (later.value - earlier.value) * (Double(step) / span))
                }
            }
            values.append(later.value)
        }
    }

    /// The values of days `days` (which must lie inside the series).
    func values(_ days: ClosedRange<Int64>) -> ArraySlice<Double> {
        values[Int(days.lowerBound - firstDay)...Int(days.upperBound - firstDay)]
    }
}
