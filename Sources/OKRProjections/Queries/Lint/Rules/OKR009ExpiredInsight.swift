import OKREvents

/// OKR009: an objective or key result rests on an insight that has expired.
enum ExpiredInsight: LintCheck {
    static let code = "OKR009"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        var findings: [LintFinding] = []
        for objective in cycle.objectives {
            let id = objective.current.id
            for insight in cycle.model.expiredInsights(on: id, cycle.perspective) {
                findings.append(finding(id, in: cycle, "\(id) rests on insight \(insight) which has expired: "
                    + "renew it with fresh evidence or revisit the objective"))
            }
            for keyResult in objective.keyResults {
                let kr = keyResult.definition.id
                for insight in cycle.model.expiredInsights(on: kr, cycle.perspective) {
                    findings.append(finding(kr, in: cycle, "\(kr) rests on insight \(insight) which has expired: "
                        + "renew it with fresh evidence or revisit the key result"))
                }
            }
        }
        return findings
    }
}
