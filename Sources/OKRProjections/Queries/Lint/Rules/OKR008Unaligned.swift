import OKREvents

/// OKR008: an objective links to neither a parent objective (of any cycle) nor a strategy choice.
enum Unaligned: LintCheck {
    static let code = "OKR008"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        cycle.objectives.filter { $0.current.parent == nil && $0.current.strategy == nil }.map {
            finding($0.current.id, in: cycle, "\($0.current.id) links to neither a parent objective nor a strategy choice: "
                + "nobody can see which strategy it serves")
        }
    }
}
