import OKREvents

/// What `metric lead A B` asks (SPEC §14): whether A's daily changes lead B's, over the UTC
/// dates `days` (every common day when `nil`), searching lags 1…`maxLag`.
public struct MetricLeadQuery: Hashable, Sendable {
    public var a: String
    public var b: String
    public var days: ClosedRange<Int64>?
    public var maxLag: Int
    public var perspective: Perspective

    public static let defaultMaxLag = 30

    public init(a: String, b: String, days: ClosedRange<Int64>? = nil, maxLag: Int = defaultMaxLag, perspective: Perspective) {
        (self.a, self.b, self.days, self.maxLag, self.perspective) = (a, b, days, maxLag, perspective)
    }

    /// Why the question has no answer.
    public enum Refusal: Error, Hashable, Sendable {
        /// The metric has no observation.
        case unknownMetric(String)
        case notEnoughHistory(LeadTest.NotEnoughHistory)
    }
}

extension MetricLeadQuery: ModelQuery {
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> Result<LeadReport, Refusal> {
        guard let seriesA = model.dailySeries(of: a, perspective) else { return .failure(.unknownMetric(a)) }
        guard let seriesB = model.dailySeries(of: b, perspective) else { return .failure(.unknownMetric(b)) }
        return LeadTest.run(a: (a, seriesA), b: (b, seriesB), days: days, maxLag: maxLag).mapError { .notEnoughHistory($0) }
    }
}
