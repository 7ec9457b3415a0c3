import CLMDB

/// The whole-log checks: ``firstDamage()``, which okrd runs after it starts, and ``verify()``,
/// behind `okrctl verify` and every backup. They read only, in short transactions, while appends
/// go on.
struct LogVerifier: Sendable {
    let records: RecordStore
    let metricIndex: MetricIndex

    /// Checks every record's key, the seq order (1, 2, 3 … without a gap) and every checksum, and
    /// returns the first damage (`nil`: the log is whole). Cheaper than ``verify()``: nothing is
    /// decoded and the indexes are not checked. okrd runs it after it starts, so that a damaged
    /// log is not served.
    func firstDamage() throws(EventLogError) -> LogDamage? {
        var expected: UInt64 = 1
        var damage: LogDamage?
        do {
            try records.walk { _, key, value in
                guard let seq = StorageKeys.seq(fromKey: key) else {
                    damage = LogDamage(seq: expected, reason: "a key of \(key.count) bytes where seq \(expected) should be")
                    return false
                }
                guard seq == expected else {
                    damage = LogDamage(seq: expected, reason: "seqs \(expected)…\(seq - 1) are missing")
                    return false
                }
                if let problem = EventRecord.damage(seq: seq, value) {
                    damage = LogDamage(seq: seq, reason: problem)
                    return false
                }
                expected += 1
                return true
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
        return damage
    }

    /// Walks the whole log in short read transactions: checks every record's checksum and
    /// decoding, that seqs run 1, 2, 3 … without a gap, and that every observation has its
    /// entry in the per-metric time index (and no entry lacks its observation), and that every
    /// day summary in `metric-day` is the fold of that day's observations, bit for bit. The
    /// indexes are taken as readers see them: written, or held in the backlog.
    ///
    /// Appends may go on meanwhile: the check covers the events committed when it starts, and
    /// leaves out a day summary that has taken in a later observation.
    func verify() throws(EventLogError) -> VerifyReport {
        var report = VerifyReport()
        // Every event through `bound` has its index entries written or in the backlog.
        let bound = records.lastSeq
        var expected: UInt64 = 1
        var observations = 0
        var days = MetricDayFold()
        var unwritten: [(key: [UInt8], seq: UInt64)] = []
        do {
            try records.walk { transaction, key, value in
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
                    if try transaction.get(metricIndex.timeDatabase, indexKey) == nil {
                        unwritten.append((indexKey, seq))  // in the backlog, or written since: looked for below
                    }
                } catch let error as EventCodecError {
                    report.record(.init(seq: seq, message: "event \(seq): \(error)"))
                }
                return true
            }
            // The backlog before the transaction: an entry leaves it only once written.
            let held = metricIndex.held
            try records.environment.read { transaction in
                let heldSeqs = Set(held.observations.values.joined().map(\.seq))
                for (key, seq) in unwritten where !heldSeqs.contains(seq) {
                    if try transaction.get(metricIndex.timeDatabase, key) == nil {
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
        var count = try transaction.count(metricIndex.timeDatabase)
        _ = try records.forEachObservation(after: bound, in: transaction) { observation, event in
            let key = StorageKeys.metricTimeKey(metric: observation.metric, effectiveAt: event.effectiveAt, seq: event.seq)
            if try transaction.get(metricIndex.timeDatabase, key) != nil { count -= 1 }
        }
        for (metric, observations) in held.observations {
            for observation in observations where observation.seq <= bound {
                let key = StorageKeys.metricTimeKey(metric: metric, effectiveAt: observation.effectiveAt, seq: observation.seq)
                if try transaction.get(metricIndex.timeDatabase, key) == nil { count += 1 }
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
        try transaction.withCursor(metricIndex.dayDatabase) { cursor in
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
