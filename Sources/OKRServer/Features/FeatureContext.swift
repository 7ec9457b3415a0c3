import Logging
import OKREvents
import OKRProjections
import OKRWire

/// What every feature shares: the log it appends to, the projection it reads, the gate that
/// runs commands one at a time, the clock and the limits in force.
///
/// Commands that define or change things go through ``gate`` one at a time, from validation
/// against the projection to commit, so each sees the ones before it. Observations and check-ins
/// need no uniqueness check and go straight to the log, where concurrent ones share a commit.
/// Every append returns only after its commit, and the projection has the events by then.
final class FeatureContext: Sendable {
    let log: any EventStore
    let store: ProjectionStore
    let gate = AsyncGate()
    let logger: Logger
    let observeBatchLimit: Int
    /// Lifetime of an insight recorded without an expiry.
    let insightLifetimeSeconds: Double
    let clock: @Sendable () -> Instant
    /// The `From` of a mailed digest (`[notify] from`).
    let mailFrom: String
    /// The hooks' engine (SPEC §13); `nil` where nothing is sent (the fuzzer, features' tests).
    let hooks: HookEngine?

    init(log: any EventStore, store: ProjectionStore, observeBatchLimit: Int, insightLifetimeSeconds: Double, logger: Logger,
         mailFrom: String = DaemonConfiguration.defaultMailFrom, hooks: HookEngine? = nil,
         clock: @escaping @Sendable () -> Instant = { Instant.now() }) {
        self.mailFrom = mailFrom
        self.hooks = hooks
        self.log = log
        self.store = store
        self.observeBatchLimit = observeBatchLimit
        self.insightLifetimeSeconds = insightLifetimeSeconds
        self.logger = logger
        self.clock = clock
    }
}

/// One feature of okrd (people, alignment, check-ins, …): the handlers of its methods, which it
/// registers in the router's table. A feature lives in a folder of its own under `Features/`.
protocol Feature: Sendable {
    var context: FeatureContext { get }
    /// Adds the feature's methods to `table`, each through its ``OKRWire/Method`` descriptor.
    func register(in table: inout MethodTable)
}

extension Feature {
    var log: any EventStore { context.log }
    var store: ProjectionStore { context.store }
    var clock: @Sendable () -> Instant { context.clock }
    var logger: Logger { context.logger }

    /// Appends `events`, answering after their commit.
    func append(_ events: [NewEvent]) async throws(DomainError) -> [AppendOutcome] {
        do {
            return try await log.append(events)
        } catch {
            throw DomainError(error)
        }
    }

    /// Appends one event and answers with the id it concerns.
    func appendOne(_ event: NewEvent, id: String) async throws(DomainError) -> WriteResult {
        let outcome = try await append([event])[0]
        return WriteResult(id: id, seq: outcome.seq, duplicate: outcome.duplicate)
    }

    /// Runs a command alone (see ``FeatureContext/gate``).
    func serially<T: Sendable>(_ body: @Sendable () async throws(DomainError) -> T) async throws(DomainError) -> T {
        do {
            return try await context.gate.run { try await body() }
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError(kind: .failed(metric: nil), message: "internal error: \(error)")
        }
    }
}
