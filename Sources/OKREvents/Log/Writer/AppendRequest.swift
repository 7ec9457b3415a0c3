/// One caller's batch waiting for the writer thread, and who to tell once it is committed.
struct AppendRequest: Sendable {
    /// What to append.
    enum Body: Sendable {
        case events([NewEvent])
        case observations(ObservationBatch)
    }

    let body: Body
    let complete: @Sendable (Result<[AppendOutcome], EventLogError>) -> Void

    /// Why it cannot be stored at all, checked before the transaction.
    var refusal: EventLogError? {
        switch body {
        case .events(let events): Self.refusal(of: events)
        case .observations(let batch): Self.refusal(of: batch)
        }
    }

    /// Whether entry `index` was given its time (else it is stamped when recorded).
    func hasExplicitTime(_ index: Int) -> Bool {
        switch body {
        case .events(let events): events[index].effectiveAt != nil
        case .observations(let batch): batch.rows[index].effectiveAt != nil
        }
    }

    /// Its idempotency keys, in one buffer.
    var keys: RequestKeys {
        switch body {
        case .events(let events): RequestKeys(events)
        case .observations(let batch): RequestKeys(text: batch.text, ranges: batch.hasKeys ? batch.rows.map(\.key) : [])
        }
    }

    /// Why `events` cannot be stored at all, checked before any transaction: an observation's
    /// metric must fit in an index key and hold no NUL (the key's separator).
    static func refusal(of events: [NewEvent]) -> EventLogError? {
        for event in events {
            guard case .metricObserved(let observation) = event.payload else { continue }
            guard observation.metric.utf8.count <= StorageKeys.maxIndexedTextBytes, !observation.metric.utf8.contains(0) else {
                return EventLogError(.invalidEvent, "metric key '\(observation.metric.prefix(40))…' cannot be indexed")
            }
        }
        return nil
    }

    /// Why `batch` cannot be stored at all, as ``refusal(of:)-([NewEvent])`` says for events.
    static func refusal(of batch: ObservationBatch) -> EventLogError? {
        // Each distinct metric once: rows of one metric share its text.
        let unindexable = batch.text.withUnsafeBytes { text in
            batch.metrics.ranges.first { metric in
                metric.count > StorageKeys.maxIndexedTextBytes || text[metric].contains(0)
            }
        }
        return unindexable.map { metric in
            EventLogError(.invalidEvent, "metric key '\(batch.string(metric).prefix(40))…' cannot be indexed")
        }
    }
}
