import OKREvents

/// OKR006: a key result has no check-in (of any kind) within the check-in interval, once the
/// cycle is that far along.
enum MissingCheckIn: LintCheck {
    static let code = "OKR006"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        let interval = cycle.settings.checkInIntervalSeconds
        guard cycle.isRunning, cycle.t.seconds(since: cycle.record.start) > interval else { return [] }
        return cycle.keyResults.compactMap { _, keyResult in
            let id = keyResult.definition.id
            guard let at = keyResult.status.checkInAt else {
                return finding(id, in: cycle, "\(id) has had no check-in yet; check in weekly with a confidence, a status or a note")
            }
            guard cycle.t.seconds(since: at) > interval else { return nil }
            return finding(id, in: cycle, "no check-in on \(id) for \(Wording.days(cycle.t.seconds(since: at))); "
                + "the team checks in every \(Wording.days(interval))")
        }
    }
}
