import OKREvents

/// When `due` and `digest` hooks fire (SPEC §13): daily at `[notify] due_at` (default 09:00) and
/// weekly at `[notify] digest_at` (default Monday 09:00), in UTC until the organisation's time
/// zone arrives with the calendar (SPEC §15): `zoneOffsetSeconds` is that one setting.
public struct HookSchedule: Sendable, Equatable {
    /// Minutes after midnight.
    public var dueMinute = 9 * 60
    /// 1 = Monday … 7 = Sunday, and minutes after midnight.
    public var digestWeekday = 1
    public var digestMinute = 9 * 60
    public var zoneOffsetSeconds = 0

    public init() {}

    /// The latest daily due time at or before `now`, and the day it belongs to.
    func lastDue(atOrBefore now: Instant) -> (day: CalendarDay, at: Instant) {
        let local = now.microsecondsSinceEpoch / 1_000_000 + Int64(zoneOffsetSeconds)
        var day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        if local - day * 86_400 < Int64(dueMinute * 60) { day -= 1 }
        return (CalendarDay(daysSinceEpoch: Int32(day)), instant(day: day, minute: dueMinute))
    }

    /// The latest weekly digest time at or before `now`, and its day.
    func lastDigest(atOrBefore now: Instant) -> (day: CalendarDay, at: Instant) {
        let local = now.microsecondsSinceEpoch / 1_000_000 + Int64(zoneOffsetSeconds)
        var day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        // 1970-01-01 was a Thursday (weekday 4).
        func weekday(_ day: Int64) -> Int { Int(((day + 3) % 7 + 7) % 7) + 1 }
        while weekday(day) != digestWeekday || (day == (local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
                                                 && local - day * 86_400 < Int64(digestMinute * 60)) {
            day -= 1
        }
        return (CalendarDay(daysSinceEpoch: Int32(day)), instant(day: day, minute: digestMinute))
    }

    private func instant(day: Int64, minute: Int) -> Instant {
        Instant(microsecondsSinceEpoch: (day * 86_400 + Int64(minute * 60) - Int64(zoneOffsetSeconds)) * 1_000_000)
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
