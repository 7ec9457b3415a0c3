import OKREvents

/// What a `series` query asks for: the key results a `status` view shows, each with its
/// metric's observations from its cycle's start to `asOf`, evenly thinned to at most `points`
/// (the first and last kept). The dashboard draws its sparklines from it, so that `/` costs one
/// light question rather than a whole digest.
public struct SeriesQuery: Hashable, Sendable {
    public var status: StatusQuery
    public var points: Int

    public init(status: StatusQuery, points: Int = SeriesQuery.defaultPoints) {
        self.status = status
        self.points = points
    }

    /// Points a sparkline is drawn from: enough for its 120 pixels, few enough that a view of
    /// 500 key results stays a light answer.
    public static let defaultPoints = 30
}

extension SeriesQuery: ModelQuery {
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> SeriesReport {
        let perspective = status.perspective
        var entries: [SeriesReport.KeyResult] = []
        for cycle in model.answer(status, settings: settings).cycles {
            for kr in cycle.objectives.flatMap(\.krs) {
                let all = model.observations(of: kr.metric, perspective, from: cycle.start.start, through: perspective.asOf)
                entries.append(.init(id: kr.id, points: Self.thinned(all, to: points)))
            }
        }
        return SeriesReport(krs: entries)
    }

    /// At most `count` of `observations`, evenly taken, the first and last kept.
    static func thinned(_ observations: [IndexedObservation], to count: Int) -> [SeriesPoint] {
        guard observations.count > count, count >= 2 else { return observations.map { .init(at: $0.effectiveAt, value: $0.value) } }
        let step = Double(observations.count - 1) / Double(count - 1)
        return (0..<count).map { observations[Int((Double($0) * step).rounded())] }.map { .init(at: $0.effectiveAt, value: $0.value) }
    }
}

/// One observation of a sparkline.
public struct SeriesPoint: Codable, Hashable, Sendable {
    public var at: Instant
    public var value: Double

    public init(at: Instant, value: Double) {
        self.at = at
        self.value = value
    }
}

/// The answer to `series`: each key result of the view, in `status`'s order, with its points.
public struct SeriesReport: Codable, Hashable, Sendable {
    /// A key result's sparkline.
    public struct KeyResult: Codable, Hashable, Sendable {
        public var id: String
        public var points: [SeriesPoint]
    }

    public var krs: [KeyResult]

    /// The points of each key result, by id.
    public var byKeyResult: [String: [SeriesPoint]] {
        Dictionary(krs.map { ($0.id, $0.points) }, uniquingKeysWith: { first, _ in first })
    }
}
