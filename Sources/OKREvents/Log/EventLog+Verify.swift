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
    /// day summary in `metric-day` is the fold of that day's observations, bit for bit. The
    /// indexes are taken as readers see them: written, or held in the backlog.
    ///
    /// Appends may go on meanwhile: the check covers the events committed when it starts, and
    /// leaves out a day summary that has taken in a later observation.
    public func verify() throws(EventLogError) -> VerifyReport {
        var report = VerifyReport()
        // Every event through `bound` has its index entries written or in the backlog.
        let bound = lastSeq
        var expected: UInt64 = 1
        var observations = 0
        var days = MetricDayFold()
        var unwritten: [(key: [UInt8], seq: UInt64)] = []
        do {
            try walkRecords { transaction, key, value in
                guard let seq = StorageKeys.seq(fromKey: key) else {
                    report.record(.init(seq: nil, message: "a key of \(key.count) bytes in the events database"))
                    return true
                }
                guard seq <= bound else { return false }
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
                    days.add(metric: observation.metric, value: observation.value,
                             effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: seq) { _ in nil }
                    let indexKey = StorageKeys.metricTimeKey(metric: observation.metric, effectiveAt: event.effectiveAt, seq: seq)
                    if try transaction.get(databases.metricTime, indexKey) == nil {
                        unwritten.append((indexKey, seq))  // in the backlog, or written since: looked for below
                    }
                } catch let error as EventCodecError {
                    report.record(.init(seq: seq, message: "event \(seq): \(error)"))
                }
                return true
            }
            // The backlog before the transaction: an entry leaves it only once written.
            let held = backlog.withLock { $0 }
            try environment.read { transaction in
                let heldSeqs = Set(held.observations.values.joined().map(\.seq))
                for (key, seq) in unwritten where !heldSeqs.contains(seq) {
                    if try transaction.get(databases.metricTime, key) == nil {
                        report.record(.init(seq: seq, message: "observation \(seq) is missing from the metric index"))
                    }
                }
                report.indexEntries = try countIndexEntries(through: bound, held: held, in: transaction)
                try checkDays(against: days, held: held, through: bound, in: transaction, into: &report)
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
        if report.indexEntries != observations {
            report.record(.init(seq: nil, message:
                "the metric index has \(report.indexEntries) entries for \(observations) observations"))
        }
        return report
    }

    /// The `metric-time` entries of events through `bound`, written or held (each counted once):
    /// the database's count, less the entries of later observations written since the check
    /// began (a backlog's worth at most, not a scan of the index), plus the held ones not written.
    private func countIndexEntries(through bound: UInt64, held: IndexEntries, in transaction: LMDBTransaction) throws -> Int {
        var count = try transaction.count(databases.metricTime)
        _ = try forEachObservation(after: bound, in: transaction) { observation, event in
            let key = StorageKeys.metricTimeKey(metric: observation.metric, effectiveAt: event.effectiveAt, seq: event.seq)
            if try transaction.get(databases.metricTime, key) != nil { count -= 1 }
        }
        for (metric, observations) in held.observations {
            for observation in observations where observation.seq <= bound {
                let key = StorageKeys.metricTimeKey(metric: metric, effectiveAt: observation.effectiveAt, seq: observation.seq)
                if try transaction.get(databases.metricTime, key) == nil { count += 1 }
            }
        }
        return count
    }

    /// Compares the day summaries readers see (the backlog's, else `metric-day`'s) with those
    /// folded from the log's observations through `bound`; a summary that has taken in a later
    /// observation is left out.
    private func checkDays(against folded: MetricDayFold, held: IndexEntries, through bound: UInt64,
                           in transaction: LMDBTransaction, into report: inout VerifyReport) throws {
        var unmatched: [MetricDay: DaySummary] = [:]
        for (key, summary) in folded.summaries { unmatched[key] = summary }
        var seen = Set<MetricDay>()
        func check(_ key: MetricDay, _ summary: DaySummary?, into report: inout VerifyReport) {
            if let summary, summary.maxSeq > bound {
                unmatched[key] = nil  // appended to since the check began
                return
            }
            report.daySummaries += 1
            let day = CalendarDay(daysSinceEpoch: Int32(clamping: key.day))
            switch unmatched.removeValue(forKey: key) {
            case nil:
                report.record(.init(seq: nil, message: "a day summary of \(key.metric) on \(day) has no observations in the log"))
            case let expected? where expected != summary:
                report.record(.init(seq: nil, message: "the day summary of \(key.metric) on \(day) does not match its observations"))
            default: break
            }
        }
        try transaction.withCursor(databases.metricDay) { cursor in
            var entry = try cursor.move(MDB_FIRST)
            while let (key, value) = entry {
                let metric = String(decoding: key.prefix { $0 != 0 }, as: UTF8.self)
                let day = key.count >= 9 ? StorageKeys.day(fromMetricDayKey: key) : 0
                let name = MetricDay(metric: metric, day: day)
                seen.insert(name)
                let stored = key.count >= 9 ? try? DaySummary(day: day, encoded: value) : nil
                check(name, held.day(name) ?? stored, into: &report)
                entry = try cursor.move(MDB_NEXT)
            }
        }
        for (key, summary) in held.days.summaries where !seen.contains(key) { check(key, summary, into: &report) }
        for (key, expected) in unmatched.sorted(by: { $0.value.maxSeq < $1.value.maxSeq }) {
            report.record(.init(seq: nil, message:
                "observations of \(key.metric) on \(CalendarDay(daysSinceEpoch: Int32(clamping: expected.day))) have no day summary"))
        }
    }
}
