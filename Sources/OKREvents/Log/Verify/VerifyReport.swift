/// What ``EventLog/verify()`` found.
public struct VerifyReport: Codable, Hashable, Sendable {
    /// A run of missing seqs: `from...through`.
    public struct Gap: Codable, Hashable, Sendable {
        public var from: UInt64
        public var through: UInt64
    }

    /// One damaged record or index entry.
    public struct Problem: Codable, Hashable, Sendable {
        public var seq: UInt64?
        public var message: String
    }

    /// Records read.
    public var events: Int = 0
    /// The highest seq present.
    public var lastSeq: UInt64 = 0
    /// The lowest seq whose record is damaged or missing, if any.
    public var firstBadSeq: UInt64?
    /// Missing seqs.
    public var gaps: [Gap] = []
    /// Damaged records and index entries (the first ``maxProblems``).
    public var problems: [Problem] = []
    /// Index entries checked (per-metric time index).
    public var indexEntries: Int = 0
    /// Day summaries checked (per-metric day index) against the observations they summarise.
    public var daySummaries: Int = 0

    /// No damage, no gap.
    public var isHealthy: Bool { firstBadSeq == nil && gaps.isEmpty && problems.isEmpty }

    static let maxProblems = 100

    mutating func record(_ problem: Problem) {
        if let seq = problem.seq { firstBadSeq = min(firstBadSeq ?? seq, seq) }
        if problems.count < VerifyReport.maxProblems { problems.append(problem) }
    }
}
