import OKREvents

/// How an objective's final score reads on Google's scale, given its kind (SPEC §3).
public enum Verdict: String, Codable, Hashable, Sendable {
    /// A committed objective at 1.0.
    case met
    /// A committed objective below 1.0: hold a postmortem.
    case postmortem
    /// An aspirational objective at 0.6–0.7: the intended result.
    case sweetSpot = "sweet-spot"
    /// An aspirational objective above 0.7: good, but was it ambitious enough?
    case exceeded
    /// An aspirational objective below 0.6.
    case short

    public init(score: Double, kind: ObjectiveKind) {
        switch kind {
        case .committed: self = score >= 1 ? .met : .postmortem
        case .aspirational:
            if score > 0.7 { self = .exceeded } else if score >= 0.6 { self = .sweetSpot } else { self = .short }
        }
    }
}

/// The grades of one cycle (`okrctl score`): frozen at close, or provisional before it.
public struct ScoreReport: Codable, Hashable, Sendable {
    public struct KeyResultGrade: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var score: Double
        public var grade: Grade
    }

    public struct ObjectiveGrade: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var team: String
        public var kind: ObjectiveKind
        public var score: Double
        public var grade: Grade
        public var verdict: Verdict
        public var krs: [KeyResultGrade]
    }

    public var cycle: String
    /// Whether the scores were frozen by `cycle close` (else computed now, and may still change).
    public var closed: Bool
    public var closedAt: Instant?
    public var objectives: [ObjectiveGrade]
    /// Every aspirational key result scored 1.0 (OKR012).
    public var sandbagging: Bool
}

extension OKRModel {
    /// The `CycleClosed` event that freezes every key result's and objective's score as of
    /// `min(now, end)`, with everything known now.
    public func closing(_ cycleID: String, now: Instant, settings: ProjectionSettings = ProjectionSettings()) -> CycleClosed? {
        guard let cycle = cycles[cycleID] else { return nil }
        let perspective = Perspective(asOf: min(now, cycle.end), knownAt: now)
        var keyResultScores: [FrozenScore] = []
        var objectiveScores: [FrozenScore] = []
        var scores = ObjectiveScores()  // one per answer: each child scored once
        for objective in activeObjectives(in: cycleID, perspective) {
            let status = evaluate(objective, in: cycle, perspective, settings: settings, scores: &scores)
            objectiveScores.append(FrozenScore(id: status.id, score: status.score))
            keyResultScores += status.krs.map { FrozenScore(id: $0.id, score: $0.score) }
        }
        return CycleClosed(id: cycleID, keyResults: keyResultScores, objectives: objectiveScores)
    }

    /// Grades of a cycle: the frozen scores when closed, else provisional ones as of now.
    public func score(_ cycleID: String, _ perspective: Perspective, settings: ProjectionSettings = ProjectionSettings()) -> ScoreReport? {
        guard let cycle = cycles[cycleID], perspective.knows(cycle.defined.stamp) else { return nil }
        let closedEntry = cycle.closes.latest(perspective)
        let frozen = closedEntry?.value ?? closing(cycleID, now: perspective.asOf, settings: settings)!
        let krScores = Dictionary(frozen.keyResults.map { ($0.id, $0.score ?? 0) }, uniquingKeysWith: { $1 })
        var grades: [ScoreReport.ObjectiveGrade] = []
        var aspirational: [Double] = []
        for score in frozen.objectives {
            guard let record = objectives[score.id] else { continue }
            let objective = record.current(perspective)
            let krs = (keyResultsByObjective[score.id] ?? []).compactMap { id -> ScoreReport.KeyResultGrade? in
                guard let value = krScores[id], let kr = keyResults[id], kr.objective(perspective) == score.id else { return nil }
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
