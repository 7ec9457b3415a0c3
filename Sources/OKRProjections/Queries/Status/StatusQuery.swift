import OKREvents

/// What a `status` query asks for.
public struct StatusQuery: Hashable, Sendable {
    public var perspective: Perspective
    /// One cycle; `nil` means the cycles active at `asOf` (or, if none, the nearest one).
    public var cycle: String?
    /// Only this team's objectives, and the shared ones where it works on a key result.
    public var team: String?
    /// Only what this person owns (SPEC §9): their objectives whole, and elsewhere the key
    /// results they own (their own, or unowned under an objective of theirs), each under its objective.
    public var owner: String?

    public init(perspective: Perspective, cycle: String? = nil, team: String? = nil, owner: String? = nil) {
        self.perspective = perspective
        self.cycle = cycle
        self.team = team
        self.owner = owner
    }
}

extension StatusQuery: ModelQuery {
    /// The `status` report: progress, pace, forecast and confidence of every shown key result.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> StatusReport {
        let query = self
        let perspective = query.perspective
        let shown = model.selectCycles(query.cycle, perspective)
        var scores = ObjectiveScores()
        let cycles = shown.map { cycle -> CycleStatus in
            let objectives = model.activeObjectives(in: cycle.defined.definition.id, perspective)
                .filter { query.team == nil || model.involves($0, team: query.team!, perspective) }
                .map { Evaluator(model).evaluate($0, in: cycle, perspective, settings: settings, scores: &scores) }
                .compactMap { status in query.owner.map { status.owned(by: $0) } ?? status }
            let aligned = objectives.filter { $0.parent != nil || $0.strategy != nil }.count
            let definition = cycle.defined.definition
            return CycleStatus(
                id: definition.id, name: definition.name, start: definition.start, end: definition.end,
                startsAt: cycle.start, endsAt: cycle.end,
                expected: KeyResultMath.expected(at: perspective.asOf.secondsSinceEpoch,
                                                 start: cycle.start.secondsSinceEpoch, end: cycle.end.secondsSinceEpoch),
                alignment: objectives.isEmpty ? nil : Double(aligned) / Double(objectives.count),
                objectives: objectives)
        }
        return StatusReport(asOf: perspective.asOf, knownAt: perspective.knownAt, cycles: cycles,
                            timeZone: model.calendar.timeZoneName(at: perspective.asOf))
    }
}

extension ObjectiveStatus {
    /// What of this objective `owner` owns: all of it when it is theirs, else only their key
    /// results (`nil` when they own none).
    public func owned(by owner: String) -> ObjectiveStatus? {
        if self.owner == owner { return self }
        var mine = self
        mine.krs = krs.filter { $0.owner == owner }
        return mine.krs.isEmpty ? nil : mine
    }
}
