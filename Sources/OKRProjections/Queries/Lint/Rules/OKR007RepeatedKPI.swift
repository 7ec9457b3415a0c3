import OKREvents

/// OKR007: a key result repeats the metric and target of a key result in the same team's
/// previous cycle: a routine KPI, not a strategic goal.
enum RepeatedKPI: LintCheck {
    static let code = "OKR007"
    static let severity = Severity.info

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        cycle.keyResults.compactMap { objective, keyResult in
            let definition = keyResult.definition
            guard let repeated = previous(definition, team: objective.current.team, in: cycle) else { return nil }
            return finding(definition.id, in: cycle, "\(definition.id) repeats metric \(definition.metric) and target "
                + "\(Wording.number(definition.target)) of \(repeated) in the team's previous cycle: a routine KPI, not a strategic goal")
        }
    }

    /// A key result of `team`'s previous cycle with the same metric and target.
    private static func previous(_ definition: KeyResultCreated, team: String, in cycle: LintCycle) -> String? {
        let (model, perspective) = (cycle.model, cycle.perspective)
        guard let previous = model.knownCycles(perspective).last(where: { $0.end <= cycle.record.start }) else { return nil }
        for objective in model.activeObjectives(in: previous.defined.definition.id, perspective) where objective.defined.definition.team == team {
            for record in model.activeKeyResults(of: objective.defined.definition.id, perspective) {
                let old = record.current(perspective)
                if old.metric == definition.metric, old.target == definition.target { return old.id }
            }
        }
        return nil
    }
}
