import OKREvents

/// What a `lint` query asks for: the checks of SPEC §4 for the shown cycles (the named one, else
/// the active ones) as `perspective` sees them; `team` shows that team's objectives and the
/// shared ones where it works on a key result.
public struct LintQuery: Hashable, Sendable {
    public var cycle: String?
    public var team: String?
    public var perspective: Perspective

    public init(cycle: String? = nil, team: String? = nil, _ perspective: Perspective) {
        self.cycle = cycle
        self.team = team
        self.perspective = perspective
    }
}

extension LintQuery: ModelQuery {
    /// Every rule of ``Lint/checks`` over each shown cycle. Findings by severity (worst first),
    /// then code, then subject.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> LintReport {
        var findings: [LintFinding] = []
        for record in model.selectCycles(cycle, perspective) {
            let shown = LintCycle(record, team: team, model: model, perspective, settings: settings)
            for check in Lint.checks { findings += check.findings(in: shown) }
        }
        findings.sort { ($1.severity, $0.code, $0.subject) < ($0.severity, $1.code, $1.subject) }
        return LintReport(asOf: perspective.asOf, findings: findings)
    }
}
