import OKREvents
import OKRProjections

/// `ping`.
public struct PingResult: Codable, Hashable, Sendable {
    public var ok: Bool
    public var version: String
    public var lastSeq: UInt64
    /// The peer as the daemon sees it.
    public var user: String
    public var role: Role
    /// The most observations one `observe` request may carry (absent from daemons before 0.4).
    public var batchLimit: Int?
    /// The longest request line the daemon reads, in bytes (absent from daemons before 0.4).
    public var lineLimit: Int?
    /// Whether `observe` takes `identifyByContent` (absent from daemons before 0.5).
    public var identifiesByContent: Bool?
    /// Reads of the log's observations that failed since okrd started (`okrd_read_errors_total`;
    /// absent from daemons before 0.7).
    public var readErrors: Int?
    /// The organisation's time zones, each from when it holds (SPEC §15; empty: UTC days; absent
    /// from older daemons): what a client turns a date into an instant with.
    public var timeZones: [LocalCalendar.Period]?
    public init(ok: Bool = true, version: String, lastSeq: UInt64, user: String, role: Role,
                batchLimit: Int? = nil, lineLimit: Int? = nil, identifiesByContent: Bool? = nil, readErrors: Int? = nil,
                timeZones: [LocalCalendar.Period]? = nil) {
        self.ok = ok; self.version = version; self.lastSeq = lastSeq; self.user = user; self.role = role
        self.batchLimit = batchLimit; self.lineLimit = lineLimit; self.identifiesByContent = identifiesByContent
        self.readErrors = readErrors; self.timeZones = timeZones
    }
}

/// Any command that appends one event.
public struct WriteResult: Codable, Hashable, Sendable {
    /// The id of what was created or changed (assigned ids included).
    public var id: String
    public var seq: UInt64
    /// `true` when an idempotency key matched an earlier event and nothing was appended (absent
    /// otherwise).
    public var duplicate: Bool?
    public init(id: String, seq: UInt64, duplicate: Bool = false) {
        self.id = id; self.seq = seq; self.duplicate = duplicate ? true : nil
    }
}

/// One cycle in `cycle.list`.
public struct CycleSummary: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var start: CalendarDay
    public var end: CalendarDay
    public var closed: Bool
    public var objectives: Int
    public init(id: String, name: String, start: CalendarDay, end: CalendarDay, closed: Bool, objectives: Int) {
        self.id = id; self.name = name; self.start = start; self.end = end; self.closed = closed; self.objectives = objectives
    }
}

/// `cycle.list`.
public struct CycleListResult: Codable, Hashable, Sendable {
    public var cycles: [CycleSummary]
    public init(cycles: [CycleSummary]) { self.cycles = cycles }
}

/// One insight in `insight.list` and `kr.show`.
public struct InsightSummary: Codable, Hashable, Sendable {
    public var id: String
    public var subject: String
    public var text: String
    public var evidence: String?
    public var expiresAt: Instant
    public var expired: Bool
    public init(id: String, subject: String, text: String, evidence: String?, expiresAt: Instant, expired: Bool) {
        self.id = id; self.subject = subject; self.text = text; self.evidence = evidence
        self.expiresAt = expiresAt; self.expired = expired
    }
}

/// `insight.list`.
public struct InsightListResult: Codable, Hashable, Sendable {
    public var insights: [InsightSummary]
    public init(insights: [InsightSummary]) { self.insights = insights }
}

/// `kr.show`: a key result's numbers with the history behind them.
public struct KeyResultDetail: Codable, Hashable, Sendable {
    /// One observation of the key result's metric within its cycle.
    public struct Point: Codable, Hashable, Sendable {
        public var at: Instant
        public var value: Double
        public var seq: UInt64
        public init(at: Instant, value: Double, seq: UInt64) { self.at = at; self.value = value; self.seq = seq }
    }

    /// One check-in.
    public struct CheckInEntry: Codable, Hashable, Sendable {
        public var at: Instant
        /// `nil` for a check-in with a status or a note alone.
        public var confidence: Int?
        public var note: String?
        public var author: String
        public var status: CheckInStatus?
        public init(at: Instant, confidence: Int?, note: String?, author: String, status: CheckInStatus? = nil) {
            self.at = at; self.confidence = confidence; self.note = note; self.author = author; self.status = status
        }
    }

    /// One change of target.
    public struct Retarget: Codable, Hashable, Sendable {
        public var at: Instant
        public var target: Double
        public var reason: String
        public init(at: Instant, target: Double, reason: String) { self.at = at; self.target = target; self.reason = reason }
    }

    public var asOf: Instant
    public var cycle: String
    public var objective: String
    public var objectiveTitle: String
    public var kr: KeyResultStatus
    public var history: [Point]
    public var checkIns: [CheckInEntry]
    public var retargets: [Retarget]
    public var insights: [InsightSummary]
    /// Backlog items linked to the key result.
    public var workItems: [WorkItem]
    /// The key result of an earlier cycle this one carries on (`objective carry`).
    public var carriedFrom: String?
    /// Description, tags, delegate and check-in owners brought over by an import.
    public var details: GoalDetails?
    /// The work planned for it (SPEC §15), never counted in its score.
    public var initiatives: [InitiativeSummary]

    public init(asOf: Instant, cycle: String, objective: String, objectiveTitle: String, kr: KeyResultStatus,
                history: [Point], checkIns: [CheckInEntry], retargets: [Retarget], insights: [InsightSummary], workItems: [WorkItem],
                carriedFrom: String? = nil, details: GoalDetails? = nil, initiatives: [InitiativeSummary] = []) {
        self.asOf = asOf; self.cycle = cycle; self.objective = objective; self.objectiveTitle = objectiveTitle
        self.kr = kr; self.history = history; self.checkIns = checkIns; self.retargets = retargets; self.insights = insights
        self.workItems = workItems; self.carriedFrom = carriedFrom; self.details = details; self.initiatives = initiatives
    }
}

/// `log`.
public struct LogResult: Codable, Hashable, Sendable {
    public var events: [StoredEvent]
    public init(events: [StoredEvent]) { self.events = events }
}

/// `log.follow`: the answer that opens the stream; then each event arrives as a
/// `log.event` notification whose params are the event.
public struct FollowResult: Codable, Hashable, Sendable {
    public var following: Bool
    /// The last seq already in the log when following began (events after it are streamed).
    public var lastSeq: UInt64
    public init(following: Bool = true, lastSeq: UInt64) { self.following = following; self.lastSeq = lastSeq }
}

/// One step of an `apply` plan.
public struct PlanStep: Codable, Hashable, Sendable {
    /// create, update, retarget or drop.
    public var action: String
    /// cycle, northstar, strategy, objective or kr.
    public var kind: String
    public var id: String
    /// What changes, for people (`target 85 → 80`).
    public var detail: String
    public init(action: String, kind: String, id: String, detail: String) {
        self.action = action; self.kind = kind; self.id = id; self.detail = detail
    }
}

/// `apply`: the plan, and whether it was appended (one atomic batch).
public struct ApplyResult: Codable, Hashable, Sendable {
    public var plan: [PlanStep]
    public var applied: Bool
    public var seqs: [UInt64]
    public init(plan: [PlanStep], applied: Bool, seqs: [UInt64]) { self.plan = plan; self.applied = applied; self.seqs = seqs }
}

/// `backup`: where the copy is and what verifying it found.
public struct BackupResult: Codable, Hashable, Sendable {
    public var destination: String
    public var verify: VerifyReport
    public init(destination: String, verify: VerifyReport) { self.destination = destination; self.verify = verify }
}

/// Handling time of one method in okrd, over its recent requests.
public struct MethodStats: Codable, Hashable, Sendable {
    public var method: String
    public var count: Int
    public var p50Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    public init(method: String, count: Int, p50Ms: Double, p99Ms: Double, maxMs: Double) {
        self.method = method; self.count = count; self.p50Ms = p50Ms; self.p99Ms = p99Ms; self.maxMs = maxMs
    }
}

/// `stats`: daemon-side latency per method (from request decoded to answer encoded).
public struct StatsResult: Codable, Hashable, Sendable {
    public var methods: [MethodStats]
    /// Write transactions committed since okrd started, and the append requests they answered
    /// (requests per commit: how well group commit shares them).
    public var commits: Int?
    public var committedRequests: Int?
    /// Each hook's delivery counters (SPEC §13's `okrd_hook_*` metrics); absent before 0.10.
    public var hooks: [HookCounters]?
    public init(methods: [MethodStats], commits: Int? = nil, committedRequests: Int? = nil, hooks: [HookCounters]? = nil) {
        self.methods = methods
        self.commits = commits
        self.committedRequests = committedRequests
        self.hooks = hooks
    }
}

/// The answer to `cycle.plan`: every cycle of the plan, whether it was created now or existed
/// with the same dates, and the seqs appended.
public struct CyclePlanResult: Codable, Hashable, Sendable {
    public struct Cycle: Codable, Hashable, Sendable {
        public var id: String
        public var name: String
        public var start: CalendarDay
        public var end: CalendarDay
        public var created: Bool
        public init(id: String, name: String, start: CalendarDay, end: CalendarDay, created: Bool) {
            self.id = id; self.name = name; self.start = start; self.end = end; self.created = created
        }
    }
    public var cycles: [Cycle]
    public var seqs: [UInt64]
    public init(cycles: [Cycle], seqs: [UInt64]) {
        self.cycles = cycles
        self.seqs = seqs
    }
}
