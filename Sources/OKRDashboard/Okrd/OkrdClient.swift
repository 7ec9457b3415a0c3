import NIOPosix
import OKRWire
import Synchronization

/// Calls okrd for the dashboard's pages: blocking ``OKRWire/WireClient`` calls on NIO's thread
/// pool (never on an event loop), over a few connections kept open and reused. A connection that
/// failed is dropped; the next call opens a new one, so the dashboard recovers by itself when
/// okrd is back.
final class OkrdClient: Sendable {
    /// One open connection; used by one call at a time.
    private final class Connection: @unchecked Sendable {
        let wire: WireClient
        init(_ wire: WireClient) { self.wire = wire }
    }

    let reach: OkrdReach
    private let idle = Mutex<[Connection]>([])
    /// Connections kept open between calls, at most.
    static let keep = 4

    init(reach: OkrdReach) {
        self.reach = reach
    }

    /// Calls `method`; throws okrd's refusal as ``WireClientError/rejected(_:)``, or why okrd could
    /// not be reached. A kept connection that fails (okrd restarted since) is dropped and the call
    /// made once more on a new one: every call the dashboard makes only reads.
    func call<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            if let kept = idle.withLock({ $0.popLast() }) {
                do {
                    return try call(method, params, on: kept)
                } catch WireClientError.rejected(let refusal) {
                    throw WireClientError.rejected(refusal)
                } catch {
                    idle.withLock { $0.removeAll() }
                }
            }
            return try call(method, params, on: Connection(reach.connect()))
        }
    }

    /// One call on `connection`, which goes back to the idle ones unless it failed.
    private func call<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params,
                                                          on connection: Connection) throws(WireClientError) -> Result {
        do {
            let result = try connection.wire.call(method, params)
            keep(connection)
            return result
        } catch {
            // A refusal leaves the connection usable; anything else ends it.
            if case .rejected = error { keep(connection) }
            throw error
        }
    }

    /// Closes the kept connections at shutdown: each `WireClient`, released, closes its socket
    /// or ends its ssh session and reaps ssh.
    func closeIdle() {
        idle.withLock { $0.removeAll() }
    }

    private func keep(_ connection: Connection) {
        idle.withLock { if $0.count < Self.keep { $0.append(connection) } }
    }

    /// Calls a method that takes no params.
    func call<Result: Sendable>(_ method: Method<EmptyParams, Result>) async throws -> Result {
        try await call(method, EmptyParams())
    }
}
