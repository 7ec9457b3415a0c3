import OKREvents
import OKRPages
import OKRProjections

/// `/health`: the programme at a glance. Teams with and without OKRs this cycle (the teams of
/// people and of objectives in any cycle), objectives and key results per team, key results never
/// observed or never checked in, this week's check-in coverage, the spread of scores (committed
/// and aspirational apart), and lint's errors.
enum HealthPage {
    /// What the page is computed from.
    struct Inputs {
        var status: StatusReport
        /// Every team okr knows: of people, and of objectives in any cycle.
        var knownTeams: Set<String>
        var lint: LintReport
    }

    static func content(_ inputs: Inputs) -> HTML {
        let objectives = inputs.status.cycles.flatMap(\.objectives)
        let keyResults = objectives.flatMap(\.krs)
        var perTeam: [String: (objectives: Int, keyResults: Int)] = [:]
        for objective in objectives { perTeam[objective.team, default: (0, 0)].objectives += 1 }
        for kr in keyResults { perTeam[kr.team, default: (0, 0)].keyResults += 1 }
        let without = inputs.knownTeams.subtracting(perTeam.keys).sorted()
        let teamRows = perTeam.keys.sorted().map { team -> HTML in
            "<tr><td>\(team)</td><td class=\"num\">\(perTeam[team]!.objectives)</td><td class=\"num\">\(perTeam[team]!.keyResults)</td></tr>"
        }.joined()
        let weekAgo = inputs.status.asOf.adding(seconds: -7 * 86_400)
        let checkedIn = keyResults.filter { ($0.checkInAt ?? .distantPast) > weekAgo }.count
        let neverObserved = keyResults.filter { $0.current == nil }
        let neverCheckedIn = keyResults.filter { $0.checkInAt == nil }
        let errors = inputs.lint.findings.filter { $0.severity == .error }
        let withoutList: HTML = without.isEmpty ? "<p>Every team has OKRs this cycle.</p>"
            : "<p>Without OKRs this cycle: \(without.joined(separator: ", "))</p>"
        let errorList: HTML = errors.isEmpty ? "<p>No lint errors.</p>"
            : "<ul>\(errors.map { finding -> HTML in "<li><b>\(finding.code)</b> \(finding.message)</li>" }.joined())</ul>"
        return """
        <h1>Health</h1>
        <section><h2>Teams</h2><table><thead><tr><th>Team</th><th>Objectives</th><th>Key results</th></tr></thead>\
        <tbody>\(teamRows)</tbody></table>\(withoutList)</section>
        <section><h2>Practice</h2><ul>
        <li data-field="coverage">Check-ins this week: <b>\(checkedIn)</b> of \(keyResults.count) key results \
        (\(Format.percent(keyResults.isEmpty ? nil : Double(checkedIn) / Double(keyResults.count))))</li>
        <li>Never observed: \(list(neverObserved))</li><li>Never checked in: \(list(neverCheckedIn))</li></ul></section>
        <section><h2>Scores</h2>\(spread(objectives))</section>
        <section><h2>Lint errors</h2>\(errorList)</section>
        """
    }

    private static func list(_ keyResults: [KeyResultStatus]) -> HTML {
        keyResults.isEmpty ? "none" : "\(keyResults.count) (\(keyResults.prefix(20).map(\.id).joined(separator: ", "))\(keyResults.count > 20 ? ", …" : ""))"
    }

    /// The key results' scores in five bands, committed and aspirational side by side, as bars.
    private static func spread(_ objectives: [ObjectiveStatus]) -> HTML {
        let bands = ["0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1"]
        var counts: [ObjectiveKind: [Int]] = [.committed: [0, 0, 0, 0, 0], .aspirational: [0, 0, 0, 0, 0]]
        for objective in objectives {
            for kr in objective.krs {
                guard let score = kr.score, score.isFinite else { continue }
                counts[objective.kind]![min(4, max(0, Int(score * 5)))] += 1
            }
        }
        let most = max(1, counts.values.flatMap { $0 }.max() ?? 1)
        let rows = bands.indices.map { band -> HTML in
            let committed = counts[.committed]![band]
            let aspirational = counts[.aspirational]![band]
            return """
            <tr><td>\(bands[band])</td><td>\(bar(committed, of: most, css: "committed")) \(committed)</td>\
            <td>\(bar(aspirational, of: most, css: "aspirational")) \(aspirational)</td></tr>
            """
        }.joined()
        return "<table class=\"spread\"><thead><tr><th>Score</th><th>Committed</th><th>Aspirational</th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    private static func bar(_ count: Int, of most: Int, css: String) -> HTML {
        "<svg class=\"bar\" viewBox=\"0 0 100 8\" role=\"img\" aria-label=\"\(count)\"><rect class=\"\(css)\" width=\"\(count * 100 / most)\" height=\"8\"></rect></svg>"
    }
}
