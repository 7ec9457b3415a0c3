import OKREvents

/// The answer to `digest` (SPEC §9): what changed over a window `[since, asOf]`, from two as-of
/// views of the same log, both knowing what the log knew at `knownAt` (default: now). The same
/// log gives the same digest of any past week; with the `knownAt` of an earlier digest, the
/// same digest again, whatever was back-filled since.
public struct DigestReport: Codable, Hashable, Sendable {
    /// One cycle's objectives as they moved.
    public struct Cycle: Codable, Hashable, Sendable {
        public var id: String
        public var name: String
        public var objectives: [Objective]
    }

    /// An objective's score then → now, and its key results.
    public struct Objective: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var team: String
        public var owner: String?
        public var kind: ObjectiveKind
        public var scoreThen: Double?
        public var scoreNow: Double?
        public var keyResults: [KeyResult]
        /// Where its score comes from: its key results, its children, or both (SPEC §10).
        public var progressFrom: ProgressSource = .krs
        /// For an objective scored from its children: each child's move, which is what moved it.
        public var children: [ChildMove] = []
    }

    /// A child objective of one scored from its children: its weight there and its score then → now.
    public struct ChildMove: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var cycle: String
        public var team: String
        public var weight: Double
        /// `nil` when its cycle had not begun at the window's start, or it had no score.
        public var scoreThen: Double?
        public var scoreNow: Double?
    }

    /// A key result's value, score, pace and confidence then → now, and the week's check-ins.
    public struct KeyResult: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var owner: String?
        public var team: String
        public var metric: String
        public var unit: String?
        public var target: Double
        public var valueThen: Double?
        public var valueNow: Double?
        public var scoreThen: Double?
        public var scoreNow: Double?
        public var paceThen: Pace
        public var paceNow: Pace
        public var confidenceThen: Int?
        public var confidenceNow: Int?
        /// The confidence fell by 2 or more over the window.
        public var confidenceDropped: Bool
        /// Check-ins recorded in the window, oldest first.
        public var checkIns: [CheckInEntry]
        /// The metric's observations from the cycle's start to `asOf`, for a sparkline (at most
        /// 60, evenly taken): the window's moves against the cycle's trend.
        public var series: [Point]

        /// Whether anything about it moved in the window.
        public var changed: Bool {
            valueThen != valueNow || scoreThen != scoreNow || paceThen != paceNow || confidenceThen != confidenceNow || !checkIns.isEmpty
        }
    }

    /// One check-in of the window.
    public struct CheckInEntry: Codable, Hashable, Sendable {
        public var at: Instant
        /// `nil` for a check-in with a status or a note alone.
        public var confidence: Int?
        public var note: String?
        public var author: String
        public var status: CheckInStatus?
    }

    /// One observation of a sparkline.
    public struct Point: Codable, Hashable, Sendable {
        public var at: Instant
        public var value: Double
    }

    /// What happened to an insight in the window, or is about to.
    public struct InsightChange: Codable, Hashable, Sendable {
        public enum Change: String, Codable, Hashable, Sendable {
            case recorded, renewed, expired
            /// Expires within 14 days after `asOf`.
            case expiring
        }
        public var id: String
        public var subject: String
        public var text: String
        public var change: Change
        public var at: Instant
    }

    /// A key result's metric that has gone quiet.
    public struct QuietFeed: Codable, Hashable, Sendable {
        public var metric: String
        public var keyResult: String
        public var owner: String?
        public var lastObservedAt: Instant?
    }

    public var since: Instant
    public var asOf: Instant
    public var cycles: [Cycle]
    public var insights: [InsightChange]
    /// Lint findings of severity error, as of `asOf`.
    public var findings: [LintFinding]
    public var quietFeeds: [QuietFeed]
    public var due: [DueReport.Item]

    /// Whom the digest is for: the owner asked for, else the owners of everything shown.
    public var owners: [String]
    /// The address a mailed digest comes from (okrd's `[notify] from`, default `okr@` and its
    /// host's name); set by okrd, `nil` from the projection alone.
    public var mailFrom: String? = nil
}

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

extension OKRModel {
    /// Days ahead in which an insight's expiry is reported as `expiring`.
    public static let digestExpiringSeconds: Double = 14 * 86_400

    /// What changed over `[since, asOf]` in the shown cycles (the named one, else those shown
    /// as of `asOf`), for one team or one owner when asked.
    public func digest(_ query: DigestQuery, settings: ProjectionSettings = ProjectionSettings()) -> DigestReport {
        let now = Perspective(asOf: query.asOf, knownAt: query.knownAt)
        let then = Perspective(asOf: query.since, knownAt: query.knownAt)
        var cycles: [DigestReport.Cycle] = []
        var subjects = Set<String>()
        var quietFeeds: [DigestReport.QuietFeed] = []
        var scoresNow = ObjectiveScores(), scoresThen = ObjectiveScores()
        for cycle in selectCycles(query.cycle, now) {
            let shown = status(StatusQuery(perspective: now, cycle: cycle.defined.definition.id, team: nil, owner: query.owner),
                               settings: settings)
            let before = status(StatusQuery(perspective: then, cycle: cycle.defined.definition.id), settings: settings)
            let earlier = Dictionary(before.cycles.flatMap(\.objectives).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let earlierKeyResults = Dictionary(before.cycles.flatMap(\.objectives).flatMap(\.krs).map { ($0.id, $0) },
                                               uniquingKeysWith: { a, _ in a })
            var objectives: [DigestReport.Objective] = []
            for objective in shown.cycles.flatMap(\.objectives) {
                let keyResults = objective.krs.filter { query.team == nil || objective.team == query.team || $0.team == query.team }
                guard !keyResults.isEmpty || query.team == nil || objective.team == query.team else { continue }
                subjects.insert(objective.id)
                let children = objective.progressFrom == .krs ? []
                    : childMoves(of: objective.id, then: then, now: now, scoresThen: &scoresThen, scoresNow: &scoresNow)
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
                            checkIns: checkIns(of: kr.id, from: query.since, through: query.asOf, knownAt: query.knownAt),
                            series: series(of: kr.metric, now, from: cycle.start))
                    },
                    progressFrom: objective.progressFrom, children: children))
            }
            cycles.append(DigestReport.Cycle(id: cycle.defined.definition.id, name: cycle.defined.definition.name, objectives: objectives))
        }
        let findings = lint(cycle: query.cycle, team: query.team, now, settings: settings).findings
            .filter { $0.severity == .error && subjects.contains($0.subject) }
        let due = due(DueQuery(perspective: now, owner: query.owner, team: query.team), settings: settings).items
            .filter { item in subjects.contains(item.subject) || insights[item.subject].map { subjects.contains($0.defined.definition.subject) } == true }
        var owners = Set<String>()
        for objective in cycles.flatMap(\.objectives) {
            if let owner = objective.owner { owners.insert(owner) }
            for keyResult in objective.keyResults { if let owner = keyResult.owner { owners.insert(owner) } }
        }
        return DigestReport(since: query.since, asOf: query.asOf, cycles: cycles,
                            insights: insightChanges(on: subjects, from: query.since, through: query.asOf, knownAt: query.knownAt),
                            findings: findings, quietFeeds: quietFeeds, due: due,
                            owners: query.owner.map { [$0] } ?? owners.sorted())
    }

    /// The children of an objective scored from them, each with its weight and its score then → now
    /// (`nil` then when its cycle had not begun at the window's start).
    private func childMoves(of parent: String, then: Perspective, now: Perspective, scoresThen: inout ObjectiveScores,
                            scoresNow: inout ObjectiveScores) -> [DigestReport.ChildMove] {
        children(of: parent, now).map { child, weight in
            let definition = child.defined.definition
            let started = cycles[definition.cycle].map { $0.start <= then.asOf } ?? false
            return DigestReport.ChildMove(
                id: definition.id, title: child.current(now).title, cycle: definition.cycle, team: definition.team, weight: weight,
                scoreThen: started ? objectiveScore(child, then, scores: &scoresThen) : nil,
                scoreNow: objectiveScore(child, now, scores: &scoresNow))
        }
    }

    /// Whether a confidence fell by 2 or more.
    private static func dropped(from then: Int?, to now: Int?) -> Bool {
        guard let then, let now else { return false }
        return now <= then - 2
    }

    /// The check-ins of `keyResult` effective in `(from, through]` and recorded by `knownAt`.
    private func checkIns(of keyResult: String, from: Instant, through: Instant, knownAt: Instant) -> [DigestReport.CheckInEntry] {
        (keyResults[keyResult]?.checkIns.entries ?? [])
            .filter { $0.stamp.effectiveAt > from && $0.stamp.effectiveAt <= through && $0.stamp.recordedAt <= knownAt }
            .map { DigestReport.CheckInEntry(at: $0.stamp.effectiveAt, confidence: $0.value.confidence, note: $0.value.note,
                                             author: $0.value.author, status: $0.value.status) }
    }

    /// Up to 60 observations of `metric` in `[from, asOf]`, evenly taken, the first and last kept.
    private func series(of metric: String, _ perspective: Perspective, from: Instant) -> [DigestReport.Point] {
        let all = observations(of: metric, perspective, from: from, through: perspective.asOf)
        guard all.count > 60 else { return all.map { .init(at: $0.effectiveAt, value: $0.value) } }
        let step = Double(all.count - 1) / 59
        return (0..<60).map { all[Int((Double($0) * step).rounded())] }.map { .init(at: $0.effectiveAt, value: $0.value) }
    }

    /// Insights on `subjects` recorded, renewed or expired in `(from, through]`, or expiring
    /// within 14 days after `through`, as known at `knownAt`.
    private func insightChanges(on subjects: Set<String>, from: Instant, through: Instant, knownAt: Instant) -> [DigestReport.InsightChange] {
        let known = Perspective(asOf: through, knownAt: knownAt)
        var changes: [DigestReport.InsightChange] = []
        func inWindow(_ stamp: Stamp) -> Bool { stamp.effectiveAt > from && stamp.effectiveAt <= through && stamp.recordedAt <= knownAt }
        for record in insights.values where subjects.contains(record.defined.definition.subject) && known.knows(record.defined.stamp) {
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
