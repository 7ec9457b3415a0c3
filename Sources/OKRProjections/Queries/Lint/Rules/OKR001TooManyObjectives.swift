import OKREvents

/// OKR001: a team has more than `max_objectives_per_team` active objectives in a cycle (the rule
/// of 3–5). Each objective counts for its own team only: a shared objective, where other teams
/// hold key results, is its owning team's focus.
enum TooManyObjectives: LintCheck {
    static let code = "OKR001"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        let limit = cycle.settings.maxObjectivesPerTeam
        return Dictionary(grouping: cycle.objectives, by: { $0.current.team }).sorted(by: { $0.key < $1.key })
            .filter { name, owned in (cycle.team == nil || name == cycle.team) && owned.count > limit }
            .map { name, owned in
                finding(name, in: cycle, "team \(name) has \(owned.count) active objectives in \(cycle.id); "
                    + "\(limit) at most keeps the focus (the rule of 3–5)")
            }
    }
}
