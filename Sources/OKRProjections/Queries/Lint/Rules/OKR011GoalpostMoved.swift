import OKREvents

/// OKR011: a key result's target was moved toward its baseline during the cycle.
enum GoalpostMoved: LintCheck {
    static let code = "OKR011"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        var findings: [LintFinding] = []
        for (_, keyResult) in cycle.keyResults {
            guard let baseline = keyResult.status.baseline else { continue }
            let id = keyResult.definition.id
            var previous = keyResult.record.defined.definition.target
            for entry in keyResult.record.retargets.visible(cycle.perspective) {
                let target = entry.value.target
                let inCycle = entry.stamp.effectiveAt >= cycle.record.start && entry.stamp.effectiveAt < cycle.record.end
                if inCycle, abs(target - baseline) < abs(previous - baseline), (target - baseline) * (previous - baseline) > 0 {
                    findings.append(finding(id, in: cycle, "\(id)'s target moved from \(Wording.number(previous)) to "
                        + "\(Wording.number(target)), toward the baseline \(Wording.number(baseline)), on "
                        + "\(CalendarDay(containing: entry.stamp.effectiveAt)): \"\(entry.value.reason)\""))
                }
                previous = target
            }
        }
        return findings
    }
}
