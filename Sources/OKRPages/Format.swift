import Foundation
import OKREvents
import OKRProjections
import Synchronization

/// How numbers, times and paces look in tables. Days and times are the organisation's local
/// ones (SPEC §15) once a program has said which calendar that is (``use(_:)``); UTC until then.
public enum Format {
    private static let localCalendar = Mutex(LocalCalendar())

    /// Shows days and times in `calendar` from now on.
    public static func use(_ calendar: LocalCalendar) { localCalendar.withLock { $0 = calendar } }

    /// The calendar days and times are shown in.
    public static var calendar: LocalCalendar { localCalendar.withLock { $0 } }

    /// A number with no more decimals than it needs (up to 4).
    /// `value` with one decimal, as `String(format: "%.1f")` writes it but without its cost: an
    /// SVG chart or sparkline writes thousands of coordinates for one page.
    public static func tenths(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(format: "%.1f", value) }
        let tenths = Int64((value * 10).rounded())
        let whole = tenths.magnitude / 10, fraction = tenths.magnitude % 10
        return (tenths < 0 ? "-" : "") + String(whole) + "." + String(fraction)
    }

    public static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    public static func number(_ value: Double?, unit: String?) -> String {
        guard let value else { return "–" }
        guard let unit, !unit.isEmpty else { return number(value) }
        return unit == "%" ? number(value) + "%" : number(value) + " " + unit
    }

    /// A derived figure (a forecast) rounded as a person reads it: to the decimals the key
    /// result's own figures (`like`: target, baseline) are written with, and to at least two
    /// significant digits; never more than 4 decimals. `--json` keeps full precision.
    public static func figure(_ value: Double?, unit: String?, like figures: [Double?]) -> String {
        guard let value else { return "–" }
        let written = figures.compactMap { $0 }.map { decimals(in: number($0)) }.max() ?? 0
        let magnitude = abs(value)
        guard magnitude.isFinite else { return withUnit(value.plainText, unit) }
        let significant = magnitude == 0 ? 0 : max(0, 1 - Int(log10(magnitude).rounded(.down)))
        var text = String(format: "%.\(min(4, max(written, significant)))f", value)
        if text.hasPrefix("-"), !text.contains(where: { ("1"..."9").contains($0) }) { text.removeFirst() }
        return withUnit(text, unit)
    }

    private static func decimals(in text: String) -> Int {
        text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
    }

    private static func withUnit(_ text: String, _ unit: String?) -> String {
        guard let unit, !unit.isEmpty else { return text }
        return unit == "%" ? text + "%" : text + " " + unit
    }

    /// A whole day (`2026-03-28`), for instants whose time of day means nothing to a reader.
    public static func day(_ instant: Instant?) -> String {
        guard let instant else { return "–" }
        return calendar.day(containing: instant).description
    }

    /// One-line text for layouts that cannot take a line break (a tree, a heading): line feeds
    /// and tabs held by older events shown as escapes.
    public static func line(_ text: String) -> String { SafeText.visible(text) }

    /// A share as a whole percentage.
    public static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.0f%%", value * 100)
    }

    public static func confidence(_ value: Int?) -> String { value.map { "\($0)/10" } ?? "–" }

    /// What a check-in said in figures and words: `7/10 at-risk`, `7/10`, `at-risk`, or `–`.
    public static func checkIn(confidence: Int?, status: CheckInStatus?) -> String {
        let parts = [confidence.map { "\($0)/10" }, status?.rawValue].compactMap { $0 }
        return parts.isEmpty ? "–" : parts.joined(separator: " ")
    }

    /// A day, or a time when it is not midnight: RFC 3339 in UTC, or with the local offset
    /// (`2026-03-09T00:30:00-07:00`) in another zone.
    public static func time(_ instant: Instant?) -> String {
        guard let instant else { return "–" }
        let calendar = self.calendar
        let offset = calendar.secondsFromUTC(at: instant)
        guard offset != 0 || !calendar.periods.isEmpty else {
            let text = instant.rfc3339
            return text.hasSuffix("T00:00:00Z") ? String(text.prefix(10)) : text
        }
        let local = instant.adding(seconds: Double(offset)).rfc3339
        if local.dropFirst(10).hasPrefix("T00:00:00Z") { return String(local.prefix(10)) }
        guard offset != 0 else { return local }
        let sign = offset < 0 ? "-" : "+"
        return String(local.dropLast()) + String(format: "%@%02d:%02d", sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// An instant as people read it in a heading: `Monday 7 December 2026, 09:32 UTC`, to the
    /// minute, the day alone at midnight.
    public static func moment(_ instant: Instant) -> String {
        let calendar = self.calendar
        let offset = calendar.secondsFromUTC(at: instant)
        let zoneName = calendar.periods.isEmpty ? "UTC" : calendar.zone(at: instant).abbreviation(for: instant.foundationDate) ?? "UTC"
        let local = instant.adding(seconds: Double(offset))
        let day = CalendarDay(containing: local)
        let (year, month, date) = day.components
        let weekdays = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        let weekday = weekdays[Int(((Int64(day.daysSinceEpoch) % 7) + 7) % 7)]
        let words = "\(weekday) \(date) \(months[month - 1]) \(year)"
        let seconds = local.seconds(since: day.start)
        guard seconds >= 60 else { return words }
        let minutes = Int(seconds / 60)
        return words + String(format: ", %02d:%02d ", minutes / 60, minutes % 60) + zoneName
    }

    public static func pace(_ pace: Pace, style: Style) -> String {
        switch pace {
        case .done, .onTrack: style.green(pace.rawValue)
        case .atRisk: style.yellow(pace.rawValue)
        case .offTrack: style.red(pace.rawValue)
        case .noData, .notStarted: style.dim(pace.rawValue)
        }
    }

    /// A bar of `width` cells filled to `share` (0–1).
    public static func bar(_ share: Double?, width: Int = 10) -> String {
        guard let share else { return String(repeating: "·", count: width) }
        let filled = share.isFinite ? Int((min(max(share, 0), 1) * Double(width)).rounded()) : 0
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// A sparkline of `values` ("▁▂▃▄▅▆▇█"), at most `width` points (the latest ones).
    public static func sparkline(_ values: [Double], width: Int = 40) -> String {
        let shown = Array(values.suffix(width))
        guard let low = shown.min(), let high = shown.max() else { return "" }
        let ticks = Array("▁▂▃▄▅▆▇█")
        guard high > low else { return String(repeating: ticks[3], count: shown.count) }
        return String(shown.map { ticks[Int((KeyResultMath.position($0, low: low, high: high) * 7).rounded())] })
    }
}
