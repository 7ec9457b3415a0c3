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
    /// not be reached.
    func call<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            let connection = try idle.withLock { $0.popLast() } ?? Connection(reach.connect())
            do {
                let result = try connection.wire.call(method, params)
                idle.withLock { if $0.count < Self.keep { $0.append(connection) } }
                return result
            } catch let error as WireClientError {
                // A refusal leaves the connection usable; anything else ends it.
                if case .rejected = error { idle.withLock { if $0.count < Self.keep { $0.append(connection) } } }
                throw error
            }
        }
    }

    /// Calls a method that takes no params.
    func call<Result: Sendable>(_ method: Method<EmptyParams, Result>) async throws -> Result {
        try await call(method, EmptyParams())
    }
}
