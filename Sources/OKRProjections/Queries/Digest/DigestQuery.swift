import OKREvents

/// What a `digest` query asks for.
public struct DigestQuery: Hashable, Sendable {
    public var since: Instant
    public var asOf: Instant
    /// What the log knew: both views take only events recorded by then.
    public var knownAt: Instant
    public var cycle: String?
    public var team: String?
    public var owner: String?

    public init(since: Instant, asOf: Instant, knownAt: Instant, cycle: String? = nil, team: String? = nil, owner: String? = nil) {
        self.since = since
        self.asOf = asOf
        self.knownAt = knownAt
        self.cycle = cycle
        self.team = team
        self.owner = owner
    }
}

extension DigestQuery: ModelQuery {
    /// Days ahead in which an insight's expiry is reported as `expiring`.
    public static let digestExpiringSeconds: Double = 14 * 86_400

    /// What changed over `[since, asOf]` in the shown cycles (the named one, else those shown
    /// as of `asOf`), for one team or one owner when asked.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> DigestReport {
        let query = self
        let now = Perspective(asOf: query.asOf, knownAt: query.knownAt)
        let then = Perspective(asOf: query.since, knownAt: query.knownAt)
        var cycles: [DigestReport.Cycle] = []
        var subjects = Set<String>()
        var quietFeeds: [DigestReport.QuietFeed] = []
        var scoresNow = ObjectiveScores(), scoresThen = ObjectiveScores()
        for cycle in model.selectCycles(query.cycle, now) {
            let shown = model.answer(StatusQuery(perspective: now, cycle: cycle.defined.definition.id, team: nil, owner: query.owner),
                               settings: settings)
            let before = model.answer(StatusQuery(perspective: then, cycle: cycle.defined.definition.id), settings: settings)
            let earlier = Dictionary(before.cycles.flatMap(\.objectives).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let earlierKeyResults = Dictionary(before.cycles.flatMap(\.objectives).flatMap(\.krs).map { ($0.id, $0) },
                                               uniquingKeysWith: { a, _ in a })
            var objectives: [DigestReport.Objective] = []
            for objective in shown.cycles.flatMap(\.objectives) {
                let keyResults = objective.krs.filter { query.team == nil || objective.team == query.team || $0.team == query.team }
                guard !keyResults.isEmpty || query.team == nil || objective.team == query.team else { continue }
                subjects.insert(objective.id)
                let children = objective.progressFrom == .krs ? []
                    : childMoves(of: objective.id, then: then, now: now, scoresThen: &scoresThen, scoresNow: &scoresNow, in: model)
                objectives.append(DigestReport.Objective(
                    id: objective.id, title: objective.title, team: objective.team, owner: objective.owner, kind: objective.kind,
                    scoreThen: earlier[objective.id]?.score, scoreNow: objective.score,
                    keyResults: keyResults.map { kr in
                        subjects.insert(kr.id)
                        let past = earlierKeyResults[kr.id]
                        if QuietFeed.since(lastObservedAt: kr.currentAt, cycleStart: cycle.start, at: query.asOf, settings: settings) != nil {
                            quietFeeds.append(.init(metric: kr.metric, keyResult: kr.id, owner: kr.owner, lastObservedAt: kr.currentAt))
                        }
                        return DigestReport.KeyResult(
                            id: kr.id, title: kr.title, owner: kr.owner, team: kr.team, metric: kr.metric, unit: kr.unit,
                            target: kr.target, valueThen: past?.current, valueNow: kr.current, scoreThen: past?.score,
                            scoreNow: kr.score, paceThen: past?.pace ?? .notStarted, paceNow: kr.pace,
                            confidenceThen: past?.confidence, confidenceNow: kr.confidence,
                            confidenceDropped: Self.dropped(from: past?.confidence, to: kr.confidence),
                            checkIns: checkIns(of: kr.id, in: model),
                            series: series(of: kr.metric, now, from: cycle.start, in: model))
                    },
                    progressFrom: objective.progressFrom, children: children))
            }
            cycles.append(DigestReport.Cycle(id: cycle.defined.definition.id, name: cycle.defined.definition.name, objectives: objectives))
        }
        let findings = model.answer(LintQuery(cycle: query.cycle, team: query.team, now), settings: settings).findings
            .filter { $0.severity == .error && subjects.contains($0.subject) }
        let due = model.answer(DueQuery(perspective: now, owner: query.owner, team: query.team), settings: settings).items
            .filter { item in subjects.contains(item.subject) || model.insights[item.subject].map { subjects.contains($0.defined.definition.subject) } == true }
        let kpiChanges = model.kpiHealthChanges(from: query.since, through: query.asOf, now, team: query.team, owner: query.owner)
        let owners = Self.owners(of: cycles, kpiChanges)
        var report = DigestReport(since: query.since, asOf: query.asOf, cycles: cycles,
                                  insights: insightChanges(on: subjects, in: model),
                                  findings: findings, quietFeeds: quietFeeds, due: due,
                                  owners: query.owner.map { [$0] } ?? owners.sorted())
        report.kpiChanges = kpiChanges
        report.retros = subjects.compactMap { model.rituals.retrospectives[$0]?.visible(now, from: query.since) }.joined()
            .map(RetroSummary.init).sorted { ($0.at, $0.seq) < ($1.at, $1.seq) }
        let shownCycles = Set(cycles.map(\.id))
        report.reviews = model.rituals.reviews.values
            .filter { now.sees($0.stamp) && $0.stamp.effectiveAt >= query.since && shownCycles.contains($0.definition.cycle) }
            .sorted { Stamp.precedes($0.stamp, $1.stamp) }.map { model.reviewSummary($0, now) }
        return report
    }

    /// Everyone who owns something the digest shows.
    private static func owners(of cycles: [DigestReport.Cycle], _ kpiChanges: [DigestReport.KPIChange]) -> Set<String> {
        var owners = Set(kpiChanges.compactMap(\.owner))
        for objective in cycles.flatMap(\.objectives) {
            if let owner = objective.owner { owners.insert(owner) }
            owners.formUnion(objective.keyResults.compactMap(\.owner))
        }
        return owners
    }

    /// The children of an objective scored from them, each with its weight and its score then → now
    /// (`nil` then when its cycle had not begun at the window's start).
    private func childMoves(of parent: String, then: Perspective, now: Perspective, scoresThen: inout ObjectiveScores,
                            scoresNow: inout ObjectiveScores, in model: OKRModel) -> [DigestReport.ChildMove] {
        Evaluator(model).children(of: parent, now).map { child, weight in
            let definition = child.defined.definition
            let started = model.cycles[definition.cycle].map { $0.start <= then.asOf } ?? false
            return DigestReport.ChildMove(
                id: definition.id, title: child.current(now).title, cycle: definition.cycle, team: definition.team, weight: weight,
                scoreThen: started ? Evaluator(model).objectiveScore(child, then, scores: &scoresThen) : nil,
                scoreNow: Evaluator(model).objectiveScore(child, now, scores: &scoresNow))
        }
    }

    /// Whether a confidence fell by 2 or more.
    private static func dropped(from then: Int?, to now: Int?) -> Bool {
        guard let then, let now else { return false }
        return now <= then - 2
    }

    /// The check-ins of `keyResult` effective in `(since, asOf]` and recorded by `knownAt`.
    private func checkIns(of keyResult: String, in model: OKRModel) -> [DigestReport.CheckInEntry] {
        (model.keyResults[keyResult]?.checkIns.entries ?? [])
            .filter { $0.stamp.effectiveAt > since && $0.stamp.effectiveAt <= asOf && $0.stamp.recordedAt <= knownAt }
            .map { DigestReport.CheckInEntry(at: $0.stamp.effectiveAt, confidence: $0.value.confidence, note: $0.value.note,
                                             author: $0.value.author, status: $0.value.status) }
    }

    /// Up to 60 observations of `metric` in `[from, asOf]`, evenly taken, the first and last kept.
    private func series(of metric: String, _ perspective: Perspective, from: Instant, in model: OKRModel) -> [DigestReport.Point] {
        SeriesQuery.thinned(model.observations(of: metric, perspective, from: from, through: perspective.asOf), to: 60)
    }

    /// Insights on `subjects` recorded, renewed or expired in `(since, asOf]`, or expiring
    /// within 14 days after `asOf`, as known at `knownAt`.
    private func insightChanges(on subjects: Set<String>, in model: OKRModel) -> [DigestReport.InsightChange] {
        let (from, through, knownAt) = (since, asOf, self.knownAt)
        let known = Perspective(asOf: through, knownAt: knownAt)
        var changes: [DigestReport.InsightChange] = []
        func inWindow(_ stamp: Stamp) -> Bool { stamp.effectiveAt > from && stamp.effectiveAt <= through && stamp.recordedAt <= knownAt }
        for record in model.insights.values where subjects.contains(record.defined.definition.subject) && known.knows(record.defined.stamp) {
            let definition = record.defined.definition
            func change(_ kind: DigestReport.InsightChange.Change, _ at: Instant) {
                changes.append(.init(id: definition.id, subject: definition.subject, text: definition.text, change: kind, at: at))
            }
            if inWindow(record.defined.stamp) { change(.recorded, record.defined.stamp.effectiveAt) }
            for renewal in record.renewals.entries where inWindow(renewal.stamp) { change(.renewed, renewal.stamp.effectiveAt) }
            let expiry = record.expiresAt(known)
            if expiry > from && expiry <= through {
                change(.expired, expiry)
            } else if expiry > through && expiry.seconds(since: through) <= Self.digestExpiringSeconds {
                change(.expiring, expiry)
            }
        }
        return changes.sorted { ($0.at, $0.id, $0.change.rawValue) < ($1.at, $1.id, $1.change.rawValue) }
    }
}
