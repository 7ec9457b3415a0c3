import Logging
import OKREvents
import OKRProjections
import OKRWire
@testable import OKRServer

/// okrd's features and router over a ``MemoryEventStore``: the projection folds each commit, as
/// in the daemon, and a fixed clock makes answers repeatable.
struct MemoryDaemon {
    static let now = Instant(rfc3339: "2026-02-01T12:00:00Z")!
    let store: MemoryEventStore
    let projection: ProjectionStore
    let context: FeatureContext
    let router: RequestRouter

    init() {
        let projection = ProjectionStore(settings: DaemonConfiguration().projectionSettings)
        projection.reset(to: OKRModel())
        let store = MemoryEventStore(clock: { Self.now }, onCommit: { projection.fold($0) })
        var quiet = Logger(label: "memory-daemon")
        quiet.logLevel = .critical
        context = FeatureContext(log: store, store: projection, observeBatchLimit: 1000, insightLifetimeSeconds: 90 * 86_400,
                                 logger: quiet, clock: { Self.now })
        router = RequestRouter(context: context, policy: AccessPolicy(DaemonConfiguration().access), lineLimit: 1 << 20,
                               health: LogHealth(), logger: quiet)
        self.store = store
        self.projection = projection
    }

    static let writer = Peer(uid: 1000, gid: 1000, pid: 1, user: "ann", role: .writer)
    static let reader = Peer(uid: 1001, gid: 1001, pid: 1, user: "ben", role: .reader)

    /// The answer line to one request line.
    func answer(_ line: String, as peer: Peer = Self.writer) async -> String {
        guard case .respond(let bytes) = await router.handle(RPCIncoming.parse(Array(line.utf8)), peer: peer) else { return "follow" }
        return bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
