/// A question put to the model (`status`, `tree`, `due`, `digest`, `score`, `calibration`,
/// `feeds`, `lint`): its fields are what it asks, ``answer(from:settings:)`` reads the answer
/// from the folded state. The model itself only holds state and folds events into it; every
/// question is a type of its own, in a file of its own.
public protocol ModelQuery: Sendable {
    associatedtype Answer
    /// The answer as `model` holds it, under the thresholds in `settings`.
    func answer(from model: OKRModel, settings: ProjectionSettings) -> Answer
}

extension OKRModel {
    /// The answer to `query` as this model holds it.
    public func answer<Query: ModelQuery>(_ query: Query, settings: ProjectionSettings = ProjectionSettings()) -> Query.Answer {
        query.answer(from: self, settings: settings)
    }
}
