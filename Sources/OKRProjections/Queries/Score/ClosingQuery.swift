import OKREvents

/// What `cycle close` asks for: the `CycleClosed` event of `cycle` closed at `now`.
public struct ClosingQuery: Hashable, Sendable {
    public var cycle: String
    public var now: Instant

    public init(_ cycle: String, now: Instant) {
        self.cycle = cycle
        self.now = now
    }
}

extension ClosingQuery: ModelQuery {
    /// The `CycleClosed` event that freezes every key result's and objective's score as of
    /// `min(now, end)`, with everything known now.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> CycleClosed? {
        let cycleID = cycle
        guard let cycle = model.cycles[cycleID] else { return nil }
        let perspective = Perspective(asOf: min(now, cycle.end), knownAt: now)
        var keyResultScores: [FrozenScore] = []
        var objectiveScores: [FrozenScore] = []
        var scores = ObjectiveScores()  // one per answer: each child scored once
        for objective in model.activeObjectives(in: cycleID, perspective) {
            let status = Evaluator(model).evaluate(objective, in: cycle, perspective, settings: settings, scores: &scores)
            objectiveScores.append(FrozenScore(id: status.id, score: status.score))
            keyResultScores += status.krs.map { FrozenScore(id: $0.id, score: $0.score) }
        }
        return CycleClosed(id: cycleID, keyResults: keyResultScores, objectives: objectiveScores)
    }
}
