import OKREvents

/// OKR003: every key result of an objective is an output: a feature list, not an outcome.
enum AllOutputs: LintCheck {
    static let code = "OKR003"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        cycle.objectives.filter { !$0.keyResults.isEmpty && $0.keyResults.allSatisfy { $0.definition.level == .output } }.map {
            finding($0.current.id, in: cycle, "every key result of \($0.current.id) is an output: a feature list, not an outcome; "
                + "measure the change in behaviour the features should cause")
        }
    }
}
