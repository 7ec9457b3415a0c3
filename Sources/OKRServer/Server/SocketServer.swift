import Logging
import NIOCore
import NIOPosix
import OKREvents
import OKRWire
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// The Unix-socket JSON-RPC server: one line in, one line out, many clients at once. Each
/// connection is served by a ``ConnectionHandler`` on its event loop.
///
/// On graceful shutdown it stops accepting, closes idle connections, lets each busy one finish
/// and answer what it was sent, then returns (the log closes after it).
final class SocketServer: Service, Sendable {
    struct Settings: Sendable {
        var path: String
        var mode: UInt32
        var group: String
        var lineLimit: Int
        var idleTimeoutSeconds: Int
        var maxConnections: Int
    }

    /// The name of each connection's idle-timeout handler (a follower's is removed).
    static let idleHandlerName = "idle-state"

    let settings: Settings
    let router: RequestRouter
    /// Where every request but `observe` runs, below the writer's priority.
    let queries = QueryExecutor()
    let feed: EventFeed
    let log: EventLog
    let logger: Logger
    let connections = ConnectionRegistry()
    let onListening: @Sendable () -> Void

    init(settings: Settings, router: RequestRouter, feed: EventFeed, log: EventLog, logger: Logger,
         onListening: @escaping @Sendable () -> Void = {}) {
        self.settings = settings
        self.router = router
        self.feed = feed
        self.log = log
        self.logger = logger
        self.onListening = onListening
    }

    func run() async throws {
        try SocketFile.prepare(settings.path)
        let lineLimit = settings.lineLimit
        let idle = settings.idleTimeoutSeconds
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 1024)
            // A client that shuts down its sending side still gets the answers to what it sent.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    try handlers.addHandler(ByteToMessageHandler(LineFrameDecoder(limit: lineLimit)))
                    // After the decoder: only whole lines count as activity (slowloris).
                    try handlers.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(idle))), name: Self.idleHandlerName)
                    try handlers.addHandler(ConnectionHandler(server: self))
                }
            }
            .bind(unixDomainSocketPath: settings.path, cleanupExistingSocketFile: false).get()
        try SocketFile.setPermissions(settings.path, mode: settings.mode, group: settings.group)
        logger.info("listening", metadata: ["socket": "\(settings.path)", "mode": "\(String(settings.mode, radix: 8))"])
        onListening()

        await withGracefulShutdownHandler {
            try? await server.closeFuture.get()
            await connections.waitUntilEmpty()
        } onGracefulShutdown: {
            self.logger.info("stopping: no new connections; finishing requests in flight")
            server.close(promise: nil)
            self.connections.stop()
            self.feed.finishAll()
        }
        unlink(settings.path)
    }

    static func line(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 1)
        buffer.writeBytes(bytes)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }
}
