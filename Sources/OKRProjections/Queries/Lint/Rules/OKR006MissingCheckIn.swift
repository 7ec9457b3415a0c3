import OKREvents

/// OKR006: a key result has no check-in (of any kind) within the check-in interval, once the
/// cycle is that far along: counted in the organisation's local days, as `due` counts them
/// (``CheckInCadence``).
enum MissingCheckIn: LintCheck {
    static let code = "OKR006"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        let interval = cycle.settings.checkInIntervalSeconds
        guard cycle.isRunning else { return [] }
        return cycle.keyResults.compactMap { _, keyResult in
            let id = keyResult.definition.id
            let last = keyResult.status.checkInAt
            let due = CheckInCadence.dueAt(after: last, cycleStart: cycle.record.start, calendar: cycle.model.calendar, settings: cycle.settings)
            guard cycle.t >= due else { return nil }
            guard let last else {
                return finding(id, in: cycle, "\(id) has had no check-in yet; check in weekly with a confidence, a status or a note")
            }
            return finding(id, in: cycle, "no check-in on \(id) for \(Wording.days(cycle.t.seconds(since: last))); "
                + "the team checks in every \(Wording.days(interval))")
        }
    }
}
