import OKREvents
import OKRProjections

/// Records okrd.toml's `[organisation]` in the log (SPEC §15): a `CalendarSet` (actor `okrd`)
/// whenever it differs from the calendar in force, at start and on SIGHUP, so that every day
/// okr counts is placed by the calendar in force at its time, before and after a change.
enum CalendarRecorder {
    /// Appends `wanted` unless the log's latest `CalendarSet` (UTC, Monday, January without any)
    /// says the same; answers whether it appended.
    static func record(_ wanted: CalendarSet, log: any EventStore, store: ProjectionStore) async throws(EventLogError) -> Bool {
        let current = store.read { $0.calendarSets.entries.last?.value } ?? CalendarSet(timeZone: "UTC")
        guard current != wanted else { return false }
        _ = try await log.append([NewEvent(.calendarSet(wanted), actor: "okrd")])
        return true
    }
}
