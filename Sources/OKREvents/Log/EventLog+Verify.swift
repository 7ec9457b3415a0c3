import CLMDB

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

extension EventLog {
    /// Walks the whole log in short read transactions: checks every record's checksum and
    /// decoding, that seqs run 1, 2, 3 … without a gap, and that every observation has its
    /// entry in the per-metric time index (and no entry lacks its observation), and that every
    /// day summary in `metric-day` is the fold of that day's observations, bit for bit.
    public func verify() throws(EventLogError) -> VerifyReport {
        var report = VerifyReport()
        var expected: UInt64 = 1
        var observations = 0
        var days = MetricDayFold()
        do {
            try walkRecords { transaction, key, value in
                guard let seq = StorageKeys.seq(fromKey: key) else {
                    report.record(.init(seq: nil, message: "a key of \(key.count) bytes in the events database"))
                    return true
                }
                if seq != expected {
                    report.gaps.append(.init(from: expected, through: seq - 1))
                    report.firstBadSeq = min(report.firstBadSeq ?? expected, expected)
                }
                expected = seq + 1
                report.events += 1
                report.lastSeq = seq
                do {
                    let event = try EventRecord.decode(seq: seq, value)
                    guard case .metricObserved(let observation) = event.payload else { return true }
                    observations += 1
                    days.add(observation, effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: seq) { _, _ in nil }
                    let indexKey = StorageKeys.metricTimeKey(metric: observation.metric, effectiveAt: event.effectiveAt, seq: seq)
                    if try indexKey.withUnsafeBytes({ try transaction.get(databases.metricTime, $0) }) == nil {
                        report.record(.init(seq: seq, message: "observation \(seq) is missing from the metric index"))
                    }
                } catch let error as EventCodecError {
                    report.record(.init(seq: seq, message: "event \(seq): \(error)"))
                }
                return true
            }
            report.indexEntries = try environment.read { try $0.count(databases.metricTime) }
            try checkDays(against: days.summaries, into: &report)
        } catch {
            throw EventLogError.wrapping(error)
        }
        if report.indexEntries != observations {
            report.record(.init(seq: nil, message:
                "the metric index has \(report.indexEntries) entries for \(observations) observations"))
        }
        return report
    }

    /// Compares `metric-day` with the summaries folded from the log's observations.
    private func checkDays(against expected: [[UInt8]: DaySummary], into report: inout VerifyReport) throws {
        var unmatched = expected
        try environment.read { transaction in
            try transaction.withCursor(databases.metricDay) { cursor in
                var entry = try cursor.move(MDB_FIRST)
                while let (key, value) = entry {
                    report.daySummaries += 1
                    let keyBytes = Array(key)
                    let metric = String(decoding: keyBytes.prefix { $0 != 0 }, as: UTF8.self)
                    let day = key.count >= 9 ? StorageKeys.day(fromMetricDayKey: key) : 0
                    let stored = key.count >= 9 ? try? DaySummary(day: day, encoded: value) : nil
                    switch unmatched.removeValue(forKey: keyBytes) {
                    case nil:
                        report.record(.init(seq: nil, message: "a day summary of \(metric) on \(CalendarDay(daysSinceEpoch: Int32(clamping: day))) has no observations in the log"))
                    case let folded? where folded != stored:
                        report.record(.init(seq: nil, message: "the day summary of \(metric) on \(CalendarDay(daysSinceEpoch: Int32(clamping: day))) does not match its observations"))
                    default: break
                    }
                    entry = try cursor.move(MDB_NEXT)
                }
            }
        }
        for (key, folded) in unmatched.sorted(by: { $0.value.maxSeq < $1.value.maxSeq }) {
            let metric = String(decoding: key.prefix { $0 != 0 }, as: UTF8.self)
            report.record(.init(seq: nil, message:
                "observations of \(metric) on \(CalendarDay(daysSinceEpoch: Int32(clamping: folded.day))) have no day summary"))
        }
    }
}
