import Synchronization

/// Connections to okrd kept open between calls by a long-running client (the dashboard, the MCP
/// server), each used by one call at a time; calls block, so callers make them off their event
/// loops and tasks. A refusal leaves its connection usable; any other failure ends it, and the
/// next call opens a new one through `reach`, so the client recovers by itself when okrd is back.
public final class WireConnectionPool: Sendable {
    /// One open connection.
    private final class Kept: @unchecked Sendable {
        let wire: WireClient
        init(_ wire: WireClient) { self.wire = wire }
    }

    public let reach: OkrdReach
    private let capacity: Int
    private let idle = Mutex<[Kept]>([])

    /// A pool that keeps at most `capacity` connections open between calls.
    public init(reach: OkrdReach, keeping capacity: Int) {
        self.reach = reach
        self.capacity = capacity
    }

    /// Calls `method`; throws okrd's refusal as ``WireClientError/rejected(_:)``, or why okrd could
    /// not be reached. With `retryingStale`, a kept connection that fails (okrd restarted since it
    /// was opened) is dropped with the other kept ones and the call made once more on a new
    /// connection: only for a call that may safely be made twice, since the first may have been
    /// carried out before its connection broke.
    public func call<Params, Result>(_ method: Method<Params, Result>, _ params: Params,
                                     retryingStale: Bool) throws(WireClientError) -> Result {
        if let kept = idle.withLock({ $0.popLast() }) {
            do {
                return try call(method, params, on: kept)
            } catch {
                if case .rejected = error { throw error }
                guard retryingStale else { throw error }
                idle.withLock { $0.removeAll() }
            }
        }
        return try call(method, params, on: Kept(reach.connect()))
    }

    /// Closes the kept connections: each `WireClient`, released, closes its socket or ends its
    /// ssh session and reaps ssh.
    public func closeIdle() {
        idle.withLock { $0.removeAll() }
    }

    /// One call on `connection`, which goes back to the kept ones unless it failed.
    private func call<Params, Result>(_ method: Method<Params, Result>, _ params: Params,
                                      on connection: Kept) throws(WireClientError) -> Result {
        do {
            let result = try connection.wire.call(method, params)
            keep(connection)
            return result
        } catch {
            if case .rejected = error { keep(connection) }
            throw error
        }
    }

    private func keep(_ connection: Kept) {
        idle.withLock { if $0.count < capacity { $0.append(connection) } }
    }
}
