/// A calendar day in UTC, such as a cycle's start or end date (`2026-01-01`).
///
/// Cycle dates are inclusive days: a cycle ending on `2026-03-31` runs until the instant
/// `2026-04-01T00:00:00Z`, which is `end.next.start`.
public struct CalendarDay: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int32

    /// Creates a day from days since 1970-01-01.
    public init(daysSinceEpoch: Int32) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Creates a day from its year, month (1–12) and day of month; `nil` when no such day exists.
    public init?(year: Int, month: Int, day: Int) {
        guard let days = CalendarDay.days(year: Int64(year), month: Int64(month), day: Int64(day)) else { return nil }
        self.daysSinceEpoch = Int32(days)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(_ text: String) {
        guard text.utf8.count == 10, let instant = Instant(rfc3339: text) else { return nil }
        self.daysSinceEpoch = Int32(instant.microsecondsSinceEpoch / 86_400_000_000)
    }

    /// The day containing `instant` (in UTC).
    public init(containing instant: Instant) {
        let micros = instant.microsecondsSinceEpoch
        var days = micros / 86_400_000_000
        if micros % 86_400_000_000 < 0 { days -= 1 }
        self.daysSinceEpoch = Int32(days)
    }

    /// 00:00 UTC of this day.
    public var start: Instant { Instant(microsecondsSinceEpoch: Int64(daysSinceEpoch) * 86_400_000_000) }

    /// The following day.
    public var next: CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + 1) }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + Int32(count)) }

    /// Year, month and day of month.
    public var components: (year: Int, month: Int, day: Int) {
        let (y, m, d) = CalendarDay.civil(fromDays: Int64(daysSinceEpoch))
        return (Int(y), Int(m), Int(d))
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// Days since the epoch for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`),
    /// or `nil` when the date does not exist or lies outside years 0–9999.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[Int(month - 1)] else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Year, month and day for days since the epoch (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension CalendarDay: CustomStringConvertible {
    /// `YYYY-MM-DD`.
    public var description: String { String(start.rfc3339.prefix(10)) }
}

extension CalendarDay: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a YYYY-MM-DD date")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
