import OKREvents
import OKRProjections
import OKRWire

/// Reviews and retrospectives (SPEC §15): the mid-cycle and closing conversations, and what each
/// objective's team says of it at the end.
struct ReviewsFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.reviewStart) { (params, peer) throws(DomainError) in try await start(params, by: peer) }
        table.add(Methods.reviewList) { (params, _) throws(DomainError) in try list(params) }
        table.add(Methods.reviewShow) { (params, _) throws(DomainError) in try show(params) }
        table.add(Methods.retro) { (params, peer) throws(DomainError) in try await retro(params, by: peer) }
    }

    func start(_ params: ReviewStartParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        try Checks.id(params.cycle, field: "cycle")
        if let team = params.team { try Checks.team(team) }
        let kind = try Self.choice(ReviewKind.self, params.kind, field: "kind")
        try Checks.effectiveTime(params.at, now: clock())
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                guard model.rituals.reviews[params.id] == nil else { throw .conflict("review '\(params.id)' exists already", id: params.id) }
                guard model.cycles[params.cycle] != nil else { throw .notFound("cycle", params.cycle) }
            }
            let event = ReviewStarted(id: params.id, cycle: params.cycle, kind: kind, team: params.team)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func list(_ params: ReviewListParams) throws(DomainError) -> ReviewListReport {
        if let cycle = params.cycle { try Checks.id(cycle, field: "cycle") }
        return store.read { $0.answer(ReviewListQuery(Perspective(at: clock()), cycle: params.cycle)) }
    }

    func show(_ params: ReviewShowParams) throws(DomainError) -> ReviewDetail {
        try Checks.id(params.id)
        let settings = store.settings
        guard let detail = store.read({ $0.answer(ReviewShowQuery(params.id, Perspective(at: clock())), settings: settings) }) else {
            throw .notFound("review", params.id)
        }
        return detail
    }

    func retro(_ params: RetroParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.objective, field: "objective")
        guard (1...5).contains(params.rating) else {
            throw .validation("rating must be a whole number from 1 to 5, not \(params.rating)", field: "rating")
        }
        let outcome = try Self.choice(RetrospectiveOutcome.self, params.outcome, field: "outcome")
        let learned = try Checks.optionalText(params.learned, field: "learned", shape: .lines)
        let next = try Checks.optionalText(params.next, field: "next", shape: .lines)
        if let review = params.review { try Checks.id(review, field: "review") }
        try Checks.effectiveTime(params.at, now: clock())
        try store.read { (model) throws(DomainError) in
            guard let objective = model.objectives[params.objective] else {
                throw model.keyResults[params.objective] != nil
                    ? .validation("'\(params.objective)' is a key result; a retrospective is on an objective", field: "objective")
                    : .notFound("objective", params.objective)
            }
            guard let id = params.review else { return }
            guard let review = model.rituals.reviews[id] else { throw .notFound("review", id) }
            let cycle = objective.defined.definition.cycle
            guard review.definition.cycle == cycle else {
                throw .validation("review '\(id)' is of cycle '\(review.definition.cycle)'; objective '\(params.objective)' is in '\(cycle)'",
                                  field: "review")
            }
        }
        let event = RetrospectiveRecorded(objective: params.objective, rating: params.rating, outcome: outcome,
                                          learned: learned, next: next, review: params.review)
        return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.objective)
    }

    /// The case of `Choice` named `text`, or a refusal listing the names.
    static func choice<Choice: RawRepresentable<String> & CaseIterable>(_ type: Choice.Type, _ text: String, field: String) throws(DomainError) -> Choice {
        if let choice = Choice(rawValue: text) { return choice }
        let names = Choice.allCases.map(\.rawValue).joined(separator: ", ")
        throw .validation("\(field) must be one of \(names), not '\(SafeText.visible(text))'", field: field)
    }
}
