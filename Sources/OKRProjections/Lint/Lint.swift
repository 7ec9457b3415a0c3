import OKREvents

/// The `lint` query (SPEC §4): every rule of ``checks`` over the shown cycles.
enum Lint {
    /// Every rule, in code order.
    static var checks: [any LintCheck.Type] { [
        TooManyObjectives.self, KeyResultCount.self, AllOutputs.self, AllLagging.self, QuietFeedCheck.self, MissingCheckIn.self,
        RepeatedKPI.self, Unaligned.self, ExpiredInsight.self, ConfidenceDisagrees.self, GoalpostMoved.self, Sandbagging.self,
    ] }
}

extension OKRModel {
    /// The checks of SPEC §4 for the shown cycles (the named one, else the active ones), as of the
    /// perspective; `team` shows that team's objectives and the shared ones where it works on a
    /// key result. Findings by severity (worst first), then code, then subject.
    public func lint(cycle: String? = nil, team: String? = nil, _ perspective: Perspective,
                     settings: ProjectionSettings = ProjectionSettings()) -> LintReport {
        var findings: [LintFinding] = []
        for record in selectCycles(cycle, perspective) {
            let shown = LintCycle(record, team: team, model: self, perspective, settings: settings)
            for check in Lint.checks { findings += check.findings(in: shown) }
        }
        findings.sort { ($1.severity, $0.code, $0.subject) < ($0.severity, $1.code, $1.subject) }
        return LintReport(asOf: perspective.asOf, findings: findings)
    }

    /// Ids of expired insights whose subject is `subject`.
    func expiredInsights(on subject: String, _ perspective: Perspective) -> [String] {
        insights.values.filter { $0.defined.definition.subject == subject && perspective.knows($0.defined.stamp) && $0.isExpired(perspective) }
            .map { $0.defined.definition.id }.sorted()
    }

    /// A duration in days as a message says it: `7 days`, `2.5 days`.
    static func days(_ seconds: Double) -> String {
        let days = seconds / 86_400
        return days == days.rounded() ? "\(Int(days)) days" : String(format: "%.1f days", days)
    }

    /// A number as a message says it.
    static func number(_ value: Double) -> String { value.plainText }
}
