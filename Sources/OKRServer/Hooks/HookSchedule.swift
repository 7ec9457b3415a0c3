import OKREvents
import OKRProjections

/// When `due` and `digest` hooks fire (SPEC §13): daily at `[notify] due_at` (default 09:00) and
/// weekly at `[notify] digest_at` (default Monday 09:00), wall-clock times in the organisation's
/// time zone (SPEC §15), so that 09:00 stays 09:00 across a daylight-saving change.
public struct HookSchedule: Sendable, Equatable {
    /// Minutes after midnight.
    public var dueMinute = 9 * 60
    /// 1 = Monday … 7 = Sunday, and minutes after midnight.
    public var digestWeekday = 1
    public var digestMinute = 9 * 60

    public init() {}

    /// The latest daily due time at or before `now`, and the local day it belongs to.
    func lastDue(atOrBefore now: Instant, in calendar: LocalCalendar = LocalCalendar()) -> (day: CalendarDay, at: Instant) {
        var day = calendar.day(containing: now)
        var at = calendar.instant(on: day, minute: dueMinute)
        if at > now {
            day = day.adding(days: -1)
            at = calendar.instant(on: day, minute: dueMinute)
        }
        return (day, at)
    }

    /// The latest weekly digest time at or before `now`, and its local day.
    func lastDigest(atOrBefore now: Instant, in calendar: LocalCalendar = LocalCalendar()) -> (day: CalendarDay, at: Instant) {
        var day = calendar.day(containing: now)
        // Weekday.allCases runs Monday … Sunday: 1 … 7.
        func weekday(_ day: CalendarDay) -> Int { Weekday.allCases.firstIndex(of: Weekday(of: day))! + 1 }
        while weekday(day) != digestWeekday || calendar.instant(on: day, minute: digestMinute) > now {
            day = day.adding(days: -1)
        }
        return (day, calendar.instant(on: day, minute: digestMinute))
    }

    /// Parses `"09:00"` into minutes after midnight.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }

    /// Parses `"Monday 09:00"` into a weekday (1 = Monday) and minutes.
    public static func weekly(_ text: String) -> (weekday: Int, minute: Int)? {
        let parts = text.split(separator: " ")
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        guard parts.count == 2, let index = days.firstIndex(where: { $0 == parts[0].lowercased() || $0.prefix(3) == parts[0].lowercased() }),
              let minute = minutes(String(parts[1])) else { return nil }
        return (index + 1, minute)
    }
}
