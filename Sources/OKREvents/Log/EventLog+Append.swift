/// Appending: every form hands its request to the log's writer (``LogWriter``), which commits it
/// with whatever else arrived meanwhile.
extension EventLog {
    /// Appends `events` atomically: all of them or none.
    ///
    /// Returns once the transaction holding them has committed. Events with an idempotency key
    /// seen before are not appended again: their outcome carries the original seq and
    /// `duplicate == true`. The same key with different content fails the whole batch with
    /// ``EventLogError/Kind-swift.enum/idempotencyConflict``.
    public func append(_ events: [NewEvent]) async throws(EventLogError) -> [AppendOutcome] {
        guard !events.isEmpty else { return [] }
        return try await committed(.events(events))
    }

    /// Appends one event.
    public func append(_ event: NewEvent) async throws(EventLogError) -> AppendOutcome {
        try await append([event])[0]
    }

    /// Appends `events` atomically, as ``append(_:)-([NewEvent])`` does, and calls `completion`
    /// on the writer thread once the transaction holding them has committed (or failed). For
    /// callers that must not wait: the socket server answers `observe` from an event loop, and
    /// requests submitted one after another are committed in that order.
    ///
    /// `completion` must be quick: the next round waits for it.
    public func append(_ events: [NewEvent], completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        guard !events.isEmpty else { return completion(.success([])) }
        submit(.events(events), completion: completion)
    }

    /// Appends every observation of `batch` atomically, as ``append(_:completion:)-([NewEvent],_)``
    /// appends the events ``ObservationBatch/event(at:)`` describes, and calls `completion` on the
    /// writer thread once they are committed: the path of `observe`.
    public func append(_ batch: ObservationBatch, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        guard !batch.isEmpty else { return completion(.success([])) }
        submit(.observations(batch), completion: completion)
    }

    /// Appends every observation of `batch` atomically; returns once they are committed.
    public func append(_ batch: ObservationBatch) async throws(EventLogError) -> [AppendOutcome] {
        guard !batch.isEmpty else { return [] }
        return try await committed(.observations(batch))
    }

    /// Submits `body` and waits for its commit.
    private func committed(_ body: AppendRequest.Body) async throws(EventLogError) -> [AppendOutcome] {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                submit(body) { continuation.resume(with: $0) }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    private func submit(_ body: AppendRequest.Body, completion: @escaping @Sendable (Result<[AppendOutcome], EventLogError>) -> Void) {
        guard let writer else {
            return completion(.failure(EventLogError(.closed, "the event log is closed")))
        }
        writer.submit(body, completion: completion)
    }
}
