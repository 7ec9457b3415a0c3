import OKREvents

/// OKR012: at cycle close, every aspirational key result scored 1.0 (judged on the scores frozen
/// at close): the goals were not ambitious.
enum Sandbagging: LintCheck {
    static let code = "OKR012"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        let (model, perspective) = (cycle.model, cycle.perspective)
        guard let closed = cycle.record.closes.latest(perspective)?.value else { return [] }
        let aspirational = Set(cycle.objectives.filter { $0.current.kind == .aspirational }.map(\.current.id))
        let aspirationalKRs = Set(aspirational.flatMap { objective in
            (model.keyResultsByObjective[objective] ?? []).filter { model.keyResults[$0]?.objective(perspective) == objective }
        })
        let frozen = closed.keyResults.filter { aspirationalKRs.contains($0.id) }
        guard !frozen.isEmpty, frozen.allSatisfy({ ($0.score ?? 0) >= 1 }) else { return [] }
        return [finding(cycle.id, in: cycle, "every aspirational key result of \(cycle.id) scored 1.0: the goals were not ambitious; "
            + "aim where 0.6–0.7 is a good result")]
    }
}
