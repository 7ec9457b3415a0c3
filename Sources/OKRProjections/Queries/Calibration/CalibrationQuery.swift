import OKREvents

/// What a `calibration` query asks for: every team's, or one `team`'s, calibration over the
/// cycles closed as `perspective` sees them.
public struct CalibrationQuery: Hashable, Sendable {
    public var team: String?
    public var perspective: Perspective

    public init(team: String? = nil, _ perspective: Perspective) {
        self.team = team
        self.perspective = perspective
    }
}

extension CalibrationQuery: ModelQuery {
    /// Calibration per team and per cycle over the closed cycles.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> CalibrationReport {
        struct Sample { var forecast: Double; var outcome: Double; var keyResult: String }
        var samples: [String: [String: [Sample]]] = [:]  // team → cycle → samples
        var closedCycles: [String] = []
        for cycle in model.knownCycles(perspective) {
            guard let closed = cycle.closes.latest(perspective)?.value else { continue }
            let cycleID = cycle.defined.definition.id
            closedCycles.append(cycleID)
            for frozen in closed.keyResults {
                guard let record = model.keyResults[frozen.id], let objective = model.objectives[record.defined.definition.objective] else { continue }
                let owner = objective.defined.definition.team
                guard team == nil || owner == team else { continue }
                let outcome: Double = (frozen.score ?? 0) >= 0.7 ? 1 : 0
                // Only check-ins that gave a confidence forecast anything (SPEC §10).
                for checkIn in record.checkIns.visible(perspective, from: cycle.start, through: cycle.end) {
                    guard let confidence = checkIn.value.confidence else { continue }
                    samples[owner, default: [:]][cycleID, default: []].append(
                        Sample(forecast: Double(confidence) / 10, outcome: outcome, keyResult: frozen.id))
                }
            }
        }
        func score(_ samples: [Sample]) -> CalibrationReport.Score {
            let count = Double(samples.count)
            let brier = samples.reduce(0) { $0 + ($1.forecast - $1.outcome) * ($1.forecast - $1.outcome) } / count
            let mean = samples.reduce(0) { $0 + $1.forecast } / count
            let hits = samples.reduce(0) { $0 + $1.outcome } / count
            return .init(checkIns: samples.count, keyResults: Set(samples.map(\.keyResult)).count, brier: brier,
                         meanConfidence: mean * 10, hitRate: hits, bias: mean - hits)
        }
        let teams = samples.keys.sorted().map { name -> CalibrationReport.TeamCalibration in
            let byCycle = samples[name]!
            let cycles = closedCycles.compactMap { id in byCycle[id].map { CalibrationReport.CycleCalibration(cycle: id, score: score($0)) } }
            return .init(team: name, score: score(byCycle.values.flatMap { $0 }), cycles: cycles)
        }
        return CalibrationReport(teams: teams, cycles: closedCycles)
    }
}
