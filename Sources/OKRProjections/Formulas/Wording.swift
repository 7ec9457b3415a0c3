/// Numbers and durations as okr's messages say them.
enum Wording {
    /// A duration in days as a message says it: `7 days`, `2.5 days`.
    static func days(_ seconds: Double) -> String {
        let days = seconds / 86_400
        return days == days.rounded() ? "\(Int(days)) days" : String(format: "%.1f days", days)
    }

    /// A number as a message says it.
    static func number(_ value: Double) -> String { value.plainText }
}
