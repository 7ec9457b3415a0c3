import OKREvents

/// OKR014: a closed cycle with a committed objective that has no retrospective (SPEC §15). The
/// grading conversation is where a team learns why a commitment was or was not met.
enum MissingRetrospective: LintCheck {
    static let code = "OKR014"
    static let severity = Severity.warning
    static var reference: String { "SPEC §15" }

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        guard cycle.record.closes.any(cycle.perspective) else { return [] }
        return cycle.objectives.compactMap { objective in
            let id = objective.current.id
            guard objective.current.kind == .committed,
                  cycle.model.rituals.retrospective(of: id, cycle.perspective) == nil else { return nil }
            return finding(id, in: cycle, "\(cycle.id) is closed and committed objective \(id) has no retrospective; "
                + "record one with okrctl retro \(id) --rating 1..5 --outcome accomplished|missed|postponed|dropped")
        }
    }
}
