import CLMDB

/// How the writer turns one request of ``NewEvent``s into records and index entries.
extension LogWriter {
    /// Writes one request's events, those `repeats` does not find repeated, and collects their
    /// per-metric index entries (time and day) into `index`, each day folded from what
    /// `storedDay` gives. Anything thrown is a storage error, for the round to abort.
    ///
    /// Events and their seqs stay in request order. Every record is encoded into `record`, one
    /// buffer for the round.
    func write(_ events: [NewEvent], _ repeats: Repeats, in transaction: LMDBTransaction, nextSeq: inout UInt64,
               collecting stored: inout [StoredEvent], keep: Bool, index entries: inout IndexEntries,
               record: inout ByteWriter, storedDay: (MetricDay) throws -> DaySummary?) throws -> [AppendOutcome] {
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(events.count)
        let ids = uuids.withLock { generator in events.map { $0.id ?? generator.next() } }
        for index in events.indices {
            let event = events[index]
            if !repeats.of.isEmpty, let repeated = repeats.of[index] {
                outcomes.append(repeated.outcome(after: outcomes))
                continue
            }
            let seq = nextSeq
            let id = ids[index]
            let recordedAt = clock()
            let effectiveAt = event.effectiveAt ?? recordedAt
            EventRecord.encode(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                               actor: event.actor, payload: event.payload, into: &record)
            try record.bytes.withUnsafeBytes { try records.put($0, seq: seq, in: transaction) }
            if case .metricObserved(let observation) = event.payload {
                try entries.add(metric: observation.metric, value: observation.value,
                                effectiveAt: effectiveAt, recordedAt: recordedAt, seq: seq, startingFrom: storedDay)
            }
            outcomes.append(AppendOutcome(seq: seq, id: id, duplicate: false))
            if keep {
                stored.append(StoredEvent(seq: seq, id: id, recordedAt: recordedAt, effectiveAt: effectiveAt,
                                          actor: event.actor, payload: event.payload))
            }
            nextSeq += 1
        }
        return outcomes
    }
}
