/// Measures the model's key results and objectives as a perspective sees them: progress, pace,
/// forecast, confidence and score (SPEC §3), and objective scores rolled up from their children
/// (iteratively, with one ``ObjectiveScores`` cache per answer). Every query that shows a
/// number asks it here, so `status`, `tree`, `due`, `digest`, `lint` and `score` agree.
public struct Evaluator {
    public let model: OKRModel

    public init(_ model: OKRModel) {
        self.model = model
    }
}
