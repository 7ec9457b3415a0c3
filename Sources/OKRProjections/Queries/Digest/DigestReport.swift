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
    public typealias Point = SeriesPoint

    /// What happened to an insight in the window, or is about to.
    public struct InsightChange: Codable, Hashable, Sendable {
        /// What happened to an insight in the window.
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

    /// A KPI whose health changed in the window (SPEC §14).
    public struct KPIChange: Codable, Hashable, Sendable {
        public var kpi: String
        public var name: String
        public var metric: String
        public var owner: String?
        public var team: String?
        public var at: Instant
        /// Its health before the change (`nil` for the first, at its definition) and after.
        public var from: KPIHealth?
        public var to: KPIHealth
        public var value: Double?
    }

    public var since: Instant
    public var asOf: Instant
    public var cycles: [Cycle]
    public var insights: [InsightChange]
    /// Lint findings of severity error, as of `asOf`.
    public var findings: [LintFinding]
    public var quietFeeds: [QuietFeed]
    public var due: [DueReport.Item]
    /// KPIs whose health changed in the window, in time order.
    public var kpiChanges: [KPIChange] = []
    /// Retrospectives recorded in the window on the objectives shown, in time order (SPEC §15).
    public var retros: [RetroSummary] = []
    /// Reviews of the shown cycles held in the window, in time order.
    public var reviews: [ReviewSummary] = []

    /// Whom the digest is for: the owner asked for, else the owners of everything shown.
    public var owners: [String]
    /// The address a mailed digest comes from (okrd's `[notify] from`, default `okr@` and its
    /// host's name); set by okrd, `nil` from the projection alone.
    public var mailFrom: String? = nil
}
