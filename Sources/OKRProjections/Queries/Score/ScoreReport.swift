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
    /// A key result's score and grade.
    public struct KeyResultGrade: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var score: Double
        public var grade: Grade
    }

    /// An objective's score, grade and verdict, with its key results'.
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

