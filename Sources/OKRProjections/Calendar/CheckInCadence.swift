import OKREvents

/// When a check-in is due again (SPEC §15): a check-in on local day D is fresh through
/// D + interval − 1 and due from the first instant of D + interval, in the organisation's days
/// (a week across a daylight-saving change is 167 or 169 hours). With no check-in yet the cycle's
/// first day counts as the last.
public enum CheckInCadence {
    /// The interval in whole local days (at least one).
    public static func intervalDays(_ settings: ProjectionSettings) -> Int {
        max(1, Int((settings.checkInIntervalSeconds / 86_400).rounded()))
    }

    /// The first instant at which a check-in is due after one at `last` (or the cycle's start).
    public static func dueAt(after last: Instant?, cycleStart: Instant, calendar: LocalCalendar, settings: ProjectionSettings) -> Instant {
        let day = calendar.day(containing: last ?? cycleStart)
        return calendar.start(of: day.adding(days: intervalDays(settings)))
    }
}
