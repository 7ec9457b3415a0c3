import OKREvents

/// OKR002: an objective has fewer than `min_key_results` or more than `max_key_results` active
/// key results. Too few counts the whole objective; too many counts per team on a shared
/// objective (each team's share must stay focused), the whole on any other.
enum KeyResultCount: LintCheck {
    static let code = "OKR002"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        let (low, high) = (cycle.settings.minKeyResults, cycle.settings.maxKeyResults)
        var findings: [LintFinding] = []
        for objective in cycle.objectives {
            let id = objective.current.id
            let count = objective.keyResults.count
            let byTeam = Dictionary(grouping: objective.keyResults) { $0.definition.team ?? objective.current.team }.mapValues(\.count)
            if count < low || (byTeam.count <= 1 && count > high) {
                findings.append(finding(id, in: cycle, "\(id) has \(count) active key results; "
                    + "\(low) to \(high) say what success means without diluting it"))
            } else if byTeam.count > 1 {
                for (name, held) in byTeam.sorted(by: { $0.key < $1.key }) where held > high && (cycle.team == nil || cycle.team == name) {
                    findings.append(finding(id, in: cycle, "team \(name) holds \(held) active key results of shared objective \(id); "
                        + "\(high) at most per team keeps its share focused"))
                }
            }
        }
        return findings
    }
}
