import OKREvents
import OKRProjections

/// How numbers, times and paces look in tables.
enum Format {
    /// A number with no more decimals than it needs (up to 4).
    static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    static func number(_ value: Double?, unit: String?) -> String {
        guard let value else { return "–" }
        guard let unit, !unit.isEmpty else { return number(value) }
        return unit == "%" ? number(value) + "%" : number(value) + " " + unit
    }

    /// A share as a whole percentage.
    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.0f%%", value * 100)
    }

    static func confidence(_ value: Int?) -> String { value.map { "\($0)/10" } ?? "–" }

    /// A day, or a time when it is not midnight.
    static func time(_ instant: Instant?) -> String {
        guard let instant else { return "–" }
        let text = instant.rfc3339
        return text.hasSuffix("T00:00:00Z") ? String(text.prefix(10)) : text
    }

    static func pace(_ pace: Pace, style: Style) -> String {
        switch pace {
        case .done, .onTrack: style.green(pace.rawValue)
        case .atRisk: style.yellow(pace.rawValue)
        case .offTrack: style.red(pace.rawValue)
        case .noData, .notStarted: style.dim(pace.rawValue)
        }
    }

    /// A bar of `width` cells filled to `share` (0–1).
    static func bar(_ share: Double?, width: Int = 10) -> String {
        guard let share else { return String(repeating: "·", count: width) }
        let filled = Int((min(max(share, 0), 1) * Double(width)).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// A sparkline of `values` ("▁▂▃▄▅▆▇█"), at most `width` points (the latest ones).
    static func sparkline(_ values: [Double], width: Int = 40) -> String {
        let shown = Array(values.suffix(width))
        guard let low = shown.min(), let high = shown.max() else { return "" }
        let ticks = Array("▁▂▃▄▅▆▇█")
        guard high > low else { return String(repeating: ticks[3], count: shown.count) }
        return String(shown.map { ticks[Int(((($0 - low) / (high - low)) * 7).rounded())] })
    }
}
