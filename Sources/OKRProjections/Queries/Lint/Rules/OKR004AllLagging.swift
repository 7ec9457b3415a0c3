import OKREvents

/// OKR004: every key result of an objective is lagging: nothing moves inside the cycle.
enum AllLagging: LintCheck {
    static let code = "OKR004"
    static let severity = Severity.info

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        cycle.objectives.filter { !$0.keyResults.isEmpty && $0.keyResults.allSatisfy { $0.definition.indicator == .lagging } }.map {
            finding($0.current.id, in: cycle, "every key result of \($0.current.id) is lagging: nothing will move inside the cycle; "
                + "add a leading indicator the team can influence week by week")
        }
    }
}
