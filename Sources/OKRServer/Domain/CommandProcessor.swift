import Logging
import OKREvents
import OKRProjections
import OKRWire

/// Turns validated commands into events and answers queries.
///
/// Commands that define or change things go through ``gate`` one at a time, from validation
/// against the projection to commit, so each sees the ones before it. Observations and check-ins
/// need no uniqueness check and go straight to the log, where concurrent ones share a commit.
/// Every append returns only after its commit, and the projection has the events by then.
final class CommandProcessor: Sendable {
    let log: EventLog
    let store: ProjectionStore
    let gate = AsyncGate()
    let logger: Logger
    let observeBatchLimit: Int
    /// Lifetime of an insight recorded without an expiry.
    let insightLifetimeSeconds: Double
    let clock: @Sendable () -> Instant
    /// The `From` of a mailed digest (`[notify] from`).
    let mailFrom: String

    init(log: EventLog, store: ProjectionStore, observeBatchLimit: Int, insightLifetimeSeconds: Double, logger: Logger,
         mailFrom: String = DaemonConfiguration.defaultMailFrom, clock: @escaping @Sendable () -> Instant = { Instant.now() }) {
        self.mailFrom = mailFrom
        self.log = log
        self.store = store
        self.observeBatchLimit = observeBatchLimit
        self.insightLifetimeSeconds = insightLifetimeSeconds
        self.logger = logger
        self.clock = clock
    }

    /// Appends and maps log failures to protocol errors.
    func append(_ events: [NewEvent]) async throws(RPCError) -> [AppendOutcome] {
        do {
            return try await log.append(events)
        } catch {
            throw Self.rpcError(error)
        }
    }

    /// Appends one event and answers with the id it concerns.
    func appendOne(_ event: NewEvent, id: String) async throws(RPCError) -> WriteResult {
        let outcome = try await append([event])[0]
        return WriteResult(id: id, seq: outcome.seq, duplicate: outcome.duplicate)
    }

    /// Runs a command alone (see ``gate``).
    func serially<T: Sendable>(_ body: @Sendable () async throws(RPCError) -> T) async throws(RPCError) -> T {
        do {
            return try await gate.run { try await body() }
        } catch let error as RPCError {
            throw error
        } catch {
            throw RPCError(code: RPCError.internalErrorCode, message: "internal error: \(error)")
        }
    }

    static func rpcError(_ error: EventLogError) -> RPCError {
        switch error.kind {
        case .idempotencyConflict:
            return RPCError(code: RPCError.conflictCode, message: error.message,
                            data: .object(["seq": error.seq.map { .int(Int64($0)) } ?? .null]))
        case .storageFull:
            return RPCError(code: RPCError.storageFullCode, message: "\(error.message); nothing was appended")
        case .invalidEvent:
            return RPCError(code: RPCError.validationFailedCode, message: error.message)
        case .closed:
            return RPCError(code: RPCError.unavailableCode, message: "okrd is shutting down; nothing was appended")
        case .storage, .corrupt, .locked, .unsupportedFormat:
            return RPCError(code: RPCError.storageErrorCode, message: "\(error.message); nothing was appended")
        }
    }

    /// The next free sequential id with `prefix` (`O-`, `KR-`, `I-`) among `taken`.
    static func nextID(prefix: String, taken: some Sequence<String>) -> String {
        var highest = 0
        for id in taken where id.hasPrefix(prefix) {
            if let number = Int(id.dropFirst(prefix.count)) { highest = max(highest, number) }
        }
        return "\(prefix)\(highest + 1)"
    }
}
