/// Durations as the configuration writes them (`"24h"`, `"90s"`, `"2d"`, `"1.5h"`): a number and
/// one of s, m, h, d.
enum DurationText {
    static func seconds(_ text: String) -> Double? {
        guard let unit = text.last, let number = Double(text.dropLast()), number.isFinite, number >= 0 else { return nil }
        switch unit {
        case "s": return number
        case "m": return number * 60
        case "h": return number * 3600
        case "d": return number * 86_400
        default: return nil
        }
    }
}
