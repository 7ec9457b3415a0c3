import Foundation
import OKREvents

/// The organisation's days in time (SPEC §15): which time zone was in force from when, and from
/// it the first instant of a local date and the local date of an instant, across daylight-saving
/// changes. Zone rules come from the system's tz database through Foundation's `TimeZone`.
///
/// Without any period every day is a UTC day, as before a `CalendarSet`.
public struct LocalCalendar: Hashable, Sendable {
    /// One zone and the instant from which it holds; the first holds for all time before it too.
    public struct Period: Hashable, Sendable, Codable {
        public var from: Instant
        public var timeZone: String
        public init(from: Instant, timeZone: String) { (self.from, self.timeZone) = (from, timeZone) }
    }

    /// In the order they took effect.
    public private(set) var periods: [Period] = []
    private var zones: [TimeZone] = []

    /// Every day a UTC day.
    public init() {}

    /// The calendar of `periods` (in any order); a zone name the system does not know counts as UTC.
    public init(periods: [Period]) {
        for period in periods.sorted(by: { $0.from < $1.from }) { add(period) }
    }

    /// Adds a zone from its instant on (`from` at or after the last period's).
    public mutating func add(_ period: Period) {
        periods.append(period)
        zones.append(TimeZone(identifier: period.timeZone) ?? Self.utcZone)
    }

    /// The zone's name in force now (the last one), `UTC` without any.
    public var currentTimeZone: String { periods.last?.timeZone ?? "UTC" }

    /// Whether `name` is a zone the system's tz database knows.
    public static func isKnownZone(_ name: String) -> Bool {
        name == "UTC" || TimeZone(identifier: name) != nil
    }

    /// The zone in force at `instant`.
    public func zone(at instant: Instant) -> TimeZone {
        index(at: instant).map { zones[$0] } ?? Self.utcZone
    }

    /// The name of the zone in force at `instant`, as configured (`UTC` without any).
    public func timeZoneName(at instant: Instant) -> String {
        index(at: instant).map { periods[$0].timeZone } ?? "UTC"
    }

    private func index(at instant: Instant) -> Int? {
        guard var index = zones.indices.last else { return nil }
        while index > 0, periods[index].from > instant { index -= 1 }
        return index
    }

    /// The first instant of `day`: midnight, or the first instant after it where midnight does
    /// not exist, in the zone in force at 12:00 UTC on that day.
    public func start(of day: CalendarDay) -> Instant {
        let zone = zone(at: day.start.adding(seconds: 43_200))
        guard zone != Self.utcZone else { return day.start }
        let calendar = Self.calendar(in: zone)
        let (year, month, dayOfMonth) = day.components
        guard let noon = calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth, hour: 12)) else { return day.start }
        return Instant(calendar.startOfDay(for: noon))
    }

    /// The instant after `day`: the first instant of the next one.
    public func end(of day: CalendarDay) -> Instant { start(of: day.next) }

    /// The local date of `instant`, in the zone in force then.
    public func day(containing instant: Instant) -> CalendarDay {
        let zone = zone(at: instant)
        guard zone != Self.utcZone else { return CalendarDay(containing: instant) }
        let parts = Self.calendar(in: zone).dateComponents([.year, .month, .day], from: instant.date)
        return parts.year.flatMap { year in parts.month.flatMap { month in parts.day.flatMap { CalendarDay(year: year, month: month, day: $0) } } }
            ?? CalendarDay(containing: instant)
    }

    /// The same local wall-clock time `days` local days later (earlier when negative): a day
    /// across a daylight-saving change is 23 or 25 hours long.
    public func adding(days: Int, to instant: Instant) -> Instant {
        let zone = zone(at: instant)
        guard zone != Self.utcZone else { return instant.adding(seconds: Double(days) * 86_400) }
        let calendar = Self.calendar(in: zone)
        return calendar.date(byAdding: .day, value: days, to: instant.date).map(Instant.init) ?? instant.adding(seconds: Double(days) * 86_400)
    }

    /// The instant of wall-clock time `minute` (minutes after midnight) on local day `day`; on a
    /// day where that time does not exist, the first instant after the gap.
    public func instant(on day: CalendarDay, minute: Int) -> Instant {
        let zone = zone(at: day.start.adding(seconds: 43_200))
        guard zone != Self.utcZone else { return day.start.adding(seconds: Double(minute * 60)) }
        let (year, month, dayOfMonth) = day.components
        let parts = DateComponents(year: year, month: month, day: dayOfMonth, hour: minute / 60, minute: minute % 60)
        return Self.calendar(in: zone).date(from: parts).map(Instant.init) ?? start(of: day).adding(seconds: Double(minute * 60))
    }

    /// The offset from UTC at `instant`, in seconds.
    public func secondsFromUTC(at instant: Instant) -> Int { zone(at: instant).secondsFromGMT(for: instant.date) }

    static let utcZone = TimeZone(identifier: "UTC")!

    private static func calendar(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    public static func == (lhs: LocalCalendar, rhs: LocalCalendar) -> Bool { lhs.periods == rhs.periods }
    public func hash(into hasher: inout Hasher) { hasher.combine(periods) }
}

extension Instant {
    /// The instant as a Foundation date (microseconds kept).
    var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    /// ``date``, for the modules that format with Foundation.
    public var foundationDate: Date { date }

    /// The instant of a Foundation date, to the microsecond.
    init(_ date: Date) {
        self.init(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }
}

extension OKRModel {
    /// The calendar in force: the latest `CalendarSet`, or UTC days, Monday weeks and January
    /// fiscal years without one.
    public var calendarInForce: CalendarSet { calendarSets.entries.last?.value ?? CalendarSet(timeZone: "UTC") }

    /// The fiscal years of the calendar in force, which `cycle plan` cuts.
    public var fiscalCalendar: FiscalCalendar {
        let set = calendarInForce
        return FiscalCalendar(fiscalYearStarts: set.fiscalYearStarts, weekStarts: Weekday(rawValue: set.weekStarts) ?? .monday)
    }
}
