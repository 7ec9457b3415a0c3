import OKREvents

/// What `review list` asks: the reviews known from `perspective`, one cycle's when given.
public struct ReviewListQuery: Hashable, Sendable {
    public var perspective: Perspective
    public var cycle: String?

    public init(_ perspective: Perspective, cycle: String? = nil) {
        (self.perspective, self.cycle) = (perspective, cycle)
    }
}

extension ReviewListQuery: ModelQuery {
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> ReviewListReport {
        let reviews = model.rituals.reviews.values
            .filter { perspective.sees($0.stamp) && (cycle == nil || $0.definition.cycle == cycle) }
            .sorted { Stamp.precedes($0.stamp, $1.stamp) }
        return ReviewListReport(reviews: reviews.map { model.reviewSummary($0, perspective) })
    }
}

/// What `review show ID` asks.
public struct ReviewShowQuery: Hashable, Sendable {
    public var id: String
    public var perspective: Perspective

    public init(_ id: String, _ perspective: Perspective) {
        (self.id, self.perspective) = (id, perspective)
    }
}

extension ReviewShowQuery: ModelQuery {
    /// `nil` when no such review counts from the perspective.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> ReviewDetail? {
        guard let review = model.rituals.reviews[id], perspective.sees(review.stamp) else { return nil }
        return ReviewDetail(review: model.reviewSummary(review, perspective),
                            objectives: model.reviewObjectives(review, perspective, settings: settings))
    }
}

extension OKRModel {
    /// The objectives `review` gathers: its cycle's (its team's) as they stood at the review.
    func reviewedObjectives(_ review: Defined<ReviewStarted>, _ perspective: Perspective) -> [ObjectiveRecord] {
        let at = Perspective(asOf: review.stamp.effectiveAt, knownAt: perspective.knownAt)
        return activeObjectives(in: review.definition.cycle, at).filter { record in
            review.definition.team.map { record.current(at).team == $0 } ?? true
        }
    }

    func reviewSummary(_ review: Defined<ReviewStarted>, _ perspective: Perspective) -> ReviewSummary {
        let objectives = reviewedObjectives(review, perspective)
        let retros = objectives.filter { rituals.retrospective(of: $0.defined.definition.id, perspective) != nil }.count
        let definition = review.definition
        return ReviewSummary(id: definition.id, cycle: definition.cycle, kind: definition.kind, team: definition.team,
                             at: review.stamp.effectiveAt, objectives: objectives.count, retros: retros)
    }

    /// Each objective of `review` with its score as of the review (the frozen one when its cycle
    /// was closed by then) and its latest retrospective.
    func reviewObjectives(_ review: Defined<ReviewStarted>, _ perspective: Perspective, settings: ProjectionSettings) -> [ReviewObjective] {
        guard let cycle = cycles[review.definition.cycle] else { return [] }
        let at = Perspective(asOf: min(review.stamp.effectiveAt, cycle.end), knownAt: perspective.knownAt)
        let frozen = cycle.closes.latest(Perspective(asOf: review.stamp.effectiveAt, knownAt: perspective.knownAt))?.value
        let frozenScores = Dictionary((frozen?.objectives ?? []).map { ($0.id, $0.score) }, uniquingKeysWith: { $1 })
        var scores = ObjectiveScores()
        return reviewedObjectives(review, perspective).map { record in
            let objective = record.current(at)
            let score = frozen != nil ? frozenScores[objective.id] ?? nil
                : Evaluator(self).evaluate(record, in: cycle, at, settings: settings, scores: &scores).score
            return ReviewObjective(id: objective.id, title: objective.title, kind: objective.kind, owner: objective.owner, score: score,
                                   retro: rituals.retrospective(of: objective.id, perspective).map(RetroSummary.init))
        }
    }
}

/// What `inbox` asks: the check-ins and retrospectives `reviewer` should acknowledge.
public struct InboxQuery: Hashable, Sendable {
    public var reviewer: String
    public var perspective: Perspective

    public init(reviewer: String, _ perspective: Perspective) {
        (self.reviewer, self.perspective) = (reviewer, perspective)
    }
}

extension InboxQuery: ModelQuery {
    /// Items of every person whose reviewer is `reviewer` now, that nobody has acknowledged,
    /// newest first (ties by seq, later first).
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> InboxReport {
        var items: [ReviewItem] = []
        for (author, authored) in model.rituals.reviewItems where model.person(author, perspective)?.reviewer == reviewer {
            for item in authored where item.at <= perspective.asOf && model.rituals.acknowledgements[item.seq] == nil {
                items.append(item)
            }
        }
        items.sort { ($0.at, $0.seq) > ($1.at, $1.seq) }
        return InboxReport(items: items)
    }
}
