import OKREvents

/// How well weekly confidence predicted results (`okrctl calibration`).
///
/// Each check-in in a closed cycle is a forecast: `confidence / 10` is the predicted probability
/// that the key result ends at 0.7 or more. The Brier score is the mean squared error of those
/// forecasts against what happened (1 if the frozen score reached 0.7, else 0): 0 is perfect,
/// 0.25 is what always saying "5/10" earns. `bias` is mean forecast minus hit rate: positive is
/// over-confident.
public struct CalibrationReport: Codable, Hashable, Sendable {
    /// How well confidences forecast outcomes: Brier score, mean confidence, hit rate and bias.
    public struct Score: Codable, Hashable, Sendable {
        public var checkIns: Int
        public var keyResults: Int
        public var brier: Double
        public var meanConfidence: Double
        public var hitRate: Double
        public var bias: Double
    }

    /// One closed cycle's calibration.
    public struct CycleCalibration: Codable, Hashable, Sendable {
        public var cycle: String
        public var score: Score
    }

    /// One team's calibration, over all closed cycles and per cycle.
    public struct TeamCalibration: Codable, Hashable, Sendable {
        public var team: String
        public var score: Score
        public var cycles: [CycleCalibration]
    }

    public var teams: [TeamCalibration]
    /// Closed cycles that were considered.
    public var cycles: [String]
}

