import Logging
import NIOCore
import NIOPosix
import OKREvents
import OKRWire
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// The Unix-socket JSON-RPC server: one line in, one line out, many clients at once.
///
/// On graceful shutdown it stops accepting, closes idle connections, lets each busy one finish
/// and answer its request, then returns (the log closes after it).
final class SocketServer: Service, Sendable {
    struct Settings: Sendable {
        var path: String
        var mode: UInt32
        var group: String
        var lineLimit: Int
        var idleTimeoutSeconds: Int
        var maxConnections: Int
    }

    let settings: Settings
    let router: RequestRouter
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
            .bind(unixDomainSocketPath: settings.path, cleanupExistingSocketFile: false) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(idle))), name: "idle-state")
                    try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser(), name: "idle-closer")
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(limit: lineLimit)))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try SocketFile.setPermissions(settings.path, mode: settings.mode, group: settings.group)
        logger.info("listening", metadata: ["socket": "\(settings.path)", "mode": "\(String(settings.mode, radix: 8))"])
        onListening()

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.info("stopping: no new connections; finishing requests in flight")
            server.channel.close(promise: nil)
            self.connections.stop()
            self.feed.finishAll()
        }
        unlink(settings.path)
    }

    /// Serves one connection until it closes, errs, idles out or the daemon stops.
    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        guard let id = connections.register(connection.channel, limit: settings.maxConnections) else {
            let error = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.unavailableCode,
                message: "too many connections (limit \(settings.maxConnections)) or shutting down; try again"))
            try? await connection.executeThenClose { _, outbound in try await outbound.write(Self.line(RequestRouter.encode(error))) }
            return
        }
        defer { connections.remove(id) }
        do {
            let credentials = try await PeerCredentials.of(connection.channel)
            let peer = router.peer(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid)
            try await connection.executeThenClose { inbound, outbound in
                do {
                    for try await buffer in inbound {
                        guard connections.begin(id) else { break }
                        let line = Array(buffer.readableBytesView)
                        // Handled in this task: nothing on the request path observes cancellation (the
                        // log's continuations resume only after the commit), so a shutdown cannot cut a
                        // request off before it answers, and a task per request cost two thread hops.
                        let outcome = await router.handle(line: line, peer: peer)
                        switch outcome {
                        case .respond(let response):
                            if let response { try await outbound.write(Self.line(response)) }
                        case .follow(let params, let requestID):
                            _ = connections.end(id)
                            try await follow(params, id: requestID, connection: connection.channel, outbound: outbound)
                            return
                        }
                        guard connections.end(id) else { break }
                    }
                } catch is LineFrameDecoder.LineTooLong {
                    let error = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.requestTooLargeCode,
                        message: "request line longer than \(settings.lineLimit) bytes; closing the connection"))
                    try? await outbound.write(Self.line(RequestRouter.encode(error)))
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Streams the log to a follower: first the events after `since`, then each new commit.
    private func follow(_ params: LogParams, id: RPCID, connection: any Channel,
                        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        _ = try? await connection.pipeline.removeHandler(name: "idle-state").get()
        let subscription = feed.subscribe()
        defer { feed.unsubscribe(subscription.id) }
        let startSeq = log.lastSeq
        try await outbound.write(Self.line(RequestRouter.encode(success: FollowResult(lastSeq: startSeq), id: id)))
        var sent = params.since ?? startSeq
        while sent < startSeq {
            let chunk = try log.events(from: sent + 1, limit: 1024).filter { $0.seq <= startSeq }
            guard let last = chunk.last else { break }
            for event in chunk where params.type == nil || event.type == params.type {
                try await outbound.write(Self.line(RequestRouter.encode(notification: event)))
            }
            sent = last.seq
        }
        for await event in subscription.events where event.seq > sent {
            sent = event.seq
            guard params.type == nil || event.type == params.type else { continue }
            try await outbound.write(Self.line(RequestRouter.encode(notification: event)))
        }
        if feed.unsubscribe(subscription.id) {
            let error = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.unavailableCode,
                message: "follower fell more than \(feed.bufferSize) events behind; reconnect with since=\(sent)",
                data: .object(["since": .int(Int64(sent))])))
            try? await outbound.write(Self.line(RequestRouter.encode(error)))
        }
    }

    static func line(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 1)
        buffer.writeBytes(bytes)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }
}
