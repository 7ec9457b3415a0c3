import OKREvents

/// What a `score` query asks for: the grades of `cycle` as `perspective` sees it.
public struct ScoreQuery: Hashable, Sendable {
    public var cycle: String
    public var perspective: Perspective

    public init(_ cycle: String, _ perspective: Perspective) {
        self.cycle = cycle
        self.perspective = perspective
    }
}

extension ScoreQuery: ModelQuery {
    /// Grades of a cycle: the frozen scores when closed, else provisional ones as of now.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> ScoreReport? {
        let cycleID = cycle
        guard let cycle = model.cycles[cycleID], perspective.knows(cycle.defined.stamp) else { return nil }
        let closedEntry = cycle.closes.latest(perspective)
        let frozen = closedEntry?.value ?? model.answer(ClosingQuery(cycleID, now: perspective.asOf), settings: settings)!
        let krScores = Dictionary(frozen.keyResults.map { ($0.id, $0.score ?? 0) }, uniquingKeysWith: { $1 })
        var grades: [ScoreReport.ObjectiveGrade] = []
        var aspirational: [Double] = []
        for score in frozen.objectives {
            guard let record = model.objectives[score.id] else { continue }
            let objective = record.current(perspective)
            let krs = (model.keyResultsByObjective[score.id] ?? []).compactMap { id -> ScoreReport.KeyResultGrade? in
                guard let value = krScores[id], let kr = model.keyResults[id], kr.objective(perspective) == score.id else { return nil }
                return .init(id: id, title: kr.current(perspective).title, score: value, grade: Grade(score: value))
            }
            if objective.kind == .aspirational { aspirational += krs.map(\.score) }
            let value = score.score ?? 0
            grades.append(.init(id: objective.id, title: objective.title, team: objective.team, kind: objective.kind, score: value,
                                grade: Grade(score: value), verdict: Verdict(score: value, kind: objective.kind), krs: krs))
        }
        return ScoreReport(cycle: cycleID, closed: closedEntry != nil, closedAt: closedEntry?.stamp.effectiveAt, objectives: grades,
                           sandbagging: !aspirational.isEmpty && aspirational.allSatisfy { $0 >= 1 })
    }
}
