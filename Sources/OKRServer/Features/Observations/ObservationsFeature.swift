import OKREvents
import OKRProjections
import OKRWire

/// `observe`: metric observations, the high-volume writes of cron jobs. They need no uniqueness
/// check, so they skip the gate and concurrent ones share one commit.
struct ObservationsFeature: Feature {
    let context: FeatureContext

    /// `observe` is submitted to the log's writer from the event loop and answered from the
    /// commit.
    func register(in table: inout MethodTable) {
        table.add(Methods.observe, submit: { (params, peer, done) throws(DomainError) in
            try submitObservations(params, by: peer, then: done)
        })
    }

    /// Checks an `observe` and hands its batch to the log's writer; `done` gets the answer once
    /// the batch is committed. Throws, with nothing appended, when the request is refused.
    func submitObservations(_ params: ObserveParams, by peer: Peer,
                            then done: @escaping @Sendable (Result<ObserveResult, DomainError>) -> Void) throws(DomainError) {
        let batch = try observationBatch(params, by: peer)
        log.append(batch) { result in
            done(result.map(Self.observeResult).mapError(DomainError.init))
        }
    }

    /// The observations an `observe` appends, checked: an error names the observation at fault
    /// and nothing is appended. Depends on nothing but the request (any metric key may be
    /// observed), so the socket server may check and submit one `observe` while an earlier one
    /// commits.
    func observationBatch(_ params: ObserveParams, by peer: Peer) throws(DomainError) -> ObservationBatch {
        let observations = params.observations
        guard !observations.isEmpty else { throw .validation("no observations given", field: "observations") }
        guard observations.count <= context.observeBatchLimit else {
            throw .validation("\(observations.count) observations in one request; the limit is \(context.observeBatchLimit)", field: "observations")
        }
        let now = clock()
        var batch = ObservationBatch(actor: peer.user, capacity: observations.count)
        batch.identifiesByContent = params.identifyByContent
        for (index, observation) in observations.enumerated() {
            do {
                try Self.check(observation, now: now, fields: "")
            } catch {
                // Checked again to name the fields as the request has them (made only now: a
                // name for every row cost more than the checks).
                do {
                    try Self.check(observation, now: now, fields: observations.count == 1 ? "" : "observations[\(index)].")
                } catch {
                    if observations.count == 1 { throw error }
                    throw error.reworded { "observation \(index + 1): \($0); nothing was appended" }
                }
            }
            batch.add(metric: observation.metric, value: observation.value, at: observation.at,
                      source: observation.source, key: observation.key)
        }
        return batch
    }

    /// Checks one observation; `fields` prefixes the field names in an error.
    private static func check(_ observation: Observation, now: Instant, fields prefix: String) throws(DomainError) {
        func field(_ name: String) -> String { prefix.isEmpty ? name : prefix + name }
        try Checks.metric(observation.metric, field: field("metric"))
        try Checks.finite(observation.value, field: field("value"))
        try Checks.effectiveTime(observation.at, now: now, field: field("at"))
        try Checks.optionalText(observation.source, field: field("source"), max: Checks.maxTitleLength)
        try Checks.optionalText(observation.key, field: field("key"), max: Checks.maxTitleLength)
    }

    /// The answer to an `observe` whose events were committed.
    static func observeResult(_ outcomes: [AppendOutcome]) -> ObserveResult {
        var duplicates = 0
        var seqs: [UInt64] = []
        seqs.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            if outcome.duplicate { duplicates += 1 }
            seqs.append(outcome.seq)
        }
        return ObserveResult(appended: outcomes.count - duplicates, duplicates: duplicates, seqs: seqs)
    }
}
