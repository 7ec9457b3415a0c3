import OKREvents

/// One check of SPEC §4 (`okrctl lint`): its stable code, its severity, where SPEC defines it,
/// and what it finds in one cycle. A new rule is one type in one file of `Lint/Rules/`, listed
/// in ``Lint/checks``.
protocol LintCheck {
    /// The stable code, e.g. `OKR005`.
    static var code: String { get }
    static var severity: Severity { get }
    /// Where the rule is defined.
    static var reference: String { get }
    /// The findings of this rule in `cycle`.
    static func findings(in cycle: LintCycle) -> [LintFinding]
}

extension LintCheck {
    static var reference: String { "SPEC §4" }

    /// A finding of this rule about `subject`.
    static func finding(_ subject: String, in cycle: LintCycle, _ message: String) -> LintFinding {
        LintFinding(code: code, severity: severity, subject: subject, cycle: cycle.id, message: message)
    }
}

/// What every rule looks at in one cycle, worked out once: the shown objectives with their
/// active key results as they stand, each key result's status.
struct LintCycle {
    let model: OKRModel
    let record: CycleRecord
    /// Only this team's objectives, and the shared ones where it works on a key result.
    let team: String?
    let perspective: Perspective
    let settings: ProjectionSettings
    let objectives: [Objective]
    /// Every key result shown, each with its objective.
    let keyResults: [(objective: Objective, keyResult: KeyResult)]

    /// An objective shown, as it stands, with its active key results.
    struct Objective {
        let record: ObjectiveRecord
        let current: ObjectiveCreated
        let keyResults: [KeyResult]
    }

    /// An active key result as it stands, with its status.
    struct KeyResult {
        let record: KeyResultRecord
        let definition: KeyResultCreated
        let status: KeyResultStatus
    }

    init(_ cycle: CycleRecord, team: String?, model: OKRModel, _ perspective: Perspective, settings: ProjectionSettings) {
        self.model = model
        record = cycle
        self.team = team
        self.perspective = perspective
        self.settings = settings
        objectives = model.activeObjectives(in: cycle.defined.definition.id, perspective)
            .filter { team == nil || model.involves($0, team: team!, perspective) }
            .map { objective in
                let current = objective.current(perspective)
                let keyResults = model.activeKeyResults(of: current.id, perspective).map { keyResult in
                    KeyResult(record: keyResult, definition: keyResult.current(perspective),
                              status: Evaluator(model).evaluate(keyResult, in: cycle, perspective, settings: settings))
                }
                return Objective(record: objective, current: current, keyResults: keyResults)
            }
        keyResults = objectives.flatMap { objective in objective.keyResults.map { (objective, $0) } }
    }

    var id: String { record.defined.definition.id }
    /// The as-of instant.
    var t: Instant { perspective.asOf }
    /// Whether the as-of instant lies inside the cycle.
    var isRunning: Bool { record.start <= t && t < record.end }
}
