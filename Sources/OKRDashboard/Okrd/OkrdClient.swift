import NIOPosix
import OKRWire

/// Calls okrd for the dashboard's pages: blocking calls on NIO's thread pool (never on an event
/// loop), over a ``OKRWire/WireConnectionPool`` of a few connections. Every call the dashboard
/// makes only reads, so one that meets a connection gone stale is made again on a new one.
final class OkrdClient: Sendable {
    private let pool: WireConnectionPool
    /// Connections kept open between calls, at most.
    static let keep = 4

    init(reach: OkrdReach) {
        pool = WireConnectionPool(reach: reach, keeping: Self.keep)
    }

    var reach: OkrdReach { pool.reach }

    /// `method`'s result; throws okrd's refusal as ``WireClientError/rejected(_:)``, or why okrd
    /// could not be reached.
    func call<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive { [pool] in try pool.call(method, params, retryingStale: true) }
    }

    /// Calls a method that takes no params.
    func call<Result: Sendable>(_ method: Method<EmptyParams, Result>) async throws -> Result {
        try await call(method, EmptyParams())
    }

    /// Closes the kept connections at shutdown.
    func closeIdle() {
        pool.closeIdle()
    }
}
