import OKREvents

/// How well weekly confidence predicted results (`okrctl calibration`).
///
/// Each check-in in a closed cycle is a forecast: `confidence / 10` is the predicted probability
/// that the key result ends at 0.7 or more. The Brier score is the mean squared error of those
/// forecasts against what happened (1 if the frozen score reached 0.7, else 0): 0 is perfect,
/// 0.25 is what always saying "5/10" earns. `bias` is mean forecast minus hit rate: positive is
/// over-confident.
public struct CalibrationReport: Codable, Hashable, Sendable {
    public struct Score: Codable, Hashable, Sendable {
        public var checkIns: Int
        public var keyResults: Int
        public var brier: Double
        public var meanConfidence: Double
        public var hitRate: Double
        public var bias: Double
    }

    public struct CycleCalibration: Codable, Hashable, Sendable {
        public var cycle: String
        public var score: Score
    }

    public struct TeamCalibration: Codable, Hashable, Sendable {
        public var team: String
        public var score: Score
        public var cycles: [CycleCalibration]
    }

    public var teams: [TeamCalibration]
    /// Closed cycles that were considered.
    public var cycles: [String]
}

extension OKRModel {
    /// Calibration per team and per cycle over the closed cycles.
    public func calibration(team: String? = nil, _ perspective: Perspective) -> CalibrationReport {
        struct Sample { var forecast: Double; var outcome: Double; var keyResult: String }
        var samples: [String: [String: [Sample]]] = [:]  // team → cycle → samples
        var closedCycles: [String] = []
        for cycle in knownCycles(perspective) {
            guard let closed = cycle.closes.latest(perspective)?.value else { continue }
            let cycleID = cycle.defined.definition.id
            closedCycles.append(cycleID)
            for frozen in closed.keyResults {
                guard let record = keyResults[frozen.id], let objective = objectives[record.defined.definition.objective] else { continue }
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
