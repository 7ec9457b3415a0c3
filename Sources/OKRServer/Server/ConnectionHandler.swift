import Logging
import NIOCore
import OKREvents
import OKRWire

/// Serves one connection on its event loop: reads request lines and answers each, in order.
///
/// `observe`, the request that arrives by the million, is handled right here: read, checked,
/// handed to the log's writer thread, and answered from the commit's callback — two thread hops
/// and no task per request — and the next `observe` on the connection is checked and submitted
/// while the last one commits (BENCHMARKS.md). Every other request runs in a task through
/// ``RequestRouter``, alone: it starts once everything sent before it is answered, and nothing
/// sent after it starts until it is answered. So a client still sees its requests take effect in
/// the order it sent them (an `observe` then a `status` sees the observation).
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Lines read but not yet answered, at most; past it the handler stops reading the socket.
    static let maxQueued = 32

    private let server: SocketServer
    private var context: ChannelHandlerContext?
    private var connectionID: Int?
    private var peer: Peer?

    /// A line waiting its turn: a request, or an answer already known (a too-long line's error).
    private enum Waiting {
        case request(RPCIncoming)
        case answer([UInt8])
    }

    private var waiting = CircularBuffer<Waiting>()
    /// Answers that are ready, by request number; written in number order.
    private var ready: [Int: [UInt8]?] = [:]
    private var nextNumber = 0
    private var nextToWrite = 0
    private var slowRunning = false
    private var busy = false
    private var readHeld = false
    private var closeWhenIdle = false
    private var following: Int?

    init(server: SocketServer) {
        self.server = server
    }

    private var outstanding: Int { nextNumber - nextToWrite }

    // MARK: Life cycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let server = self.server
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        PeerCredentials.of(context.channel).whenComplete { result in
            switch result {
            case .success(let credentials):
                loop.execute { bound.value.admit(credentials) }
            case .failure(let error):
                server.logger.debug("cannot read the peer's credentials", metadata: ["error": "\(error)"])
                loop.execute { bound.value.context?.close(promise: nil) }
            }
        }
        context.fireChannelActive()
    }

    /// Takes the connection into the registry once its peer is known (the limit is shared out
    /// by user), then resolves the peer's role. Lines that arrived first wait in `waiting`.
    private func admit(_ credentials: PeerCredentials) {
        // Closed while its credentials were read: nothing to register (it would never be removed).
        guard let context, context.channel.isActive, connectionID == nil else { return }
        let server = self.server
        let limit = server.settings.maxConnections
        switch server.connections.register(context.channel, uid: credentials.uid, limit: limit) {
        case .refused:
            Self.tellAndClose(context.channel, "too many connections, all busy (limit \(limit)), or shutting down; try again")
            return
        case .admittedEvicting(let id, let evicted):
            Self.tellAndClose(evicted, "closed to make room: okrd is at its connection limit (\(limit)) and this was the "
                + "longest-idle connection of the user holding the most; reconnect")
            connectionID = id
        case .admitted(let id):
            connectionID = id
        }
        if !waiting.isEmpty, let connectionID {
            guard server.connections.begin(connectionID) else { return context.close(promise: nil) }
            busy = true
        }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        // The user database may be remote (NSS): looked up off the event loop.
        Task {
            let peer = server.router.peer(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid)
            loop.execute { bound.value.identified(peer) }
        }
    }

    /// Sends `channel` an unavailable error (1007) saying `message`, then closes it.
    private static func tellAndClose(_ channel: any Channel, _ message: String) {
        let error = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.unavailableCode, message: message))
        channel.writeAndFlush(SocketServer.line(RequestRouter.encode(error))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let connectionID { server.connections.remove(connectionID) }
        connectionID = nil
        if let following { server.feed.unsubscribe(following) }
        context.fireChannelInactive()
    }

    private func identified(_ peer: Peer) {
        self.peer = peer
        advance()
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard following == nil, !closeWhenIdle else { return }
        let buffer = unwrapInboundIn(data)
        if !busy, let connectionID {
            guard server.connections.begin(connectionID) else {
                context.close(promise: nil)
                return
            }
            busy = true
        }
        waiting.append(.request(RPCIncoming.parse(Array(buffer.readableBytesView))))
        advance()
    }

    /// Holds the socket's reads while too many lines wait: a client that sends faster than its
    /// requests commit is slowed by its socket buffer, not queued in okrd's memory.
    func read(context: ChannelHandlerContext) {
        if waiting.count + outstanding >= Self.maxQueued {
            readHeld = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is LineFrameDecoder.LineTooLong else {
            server.logger.debug("connection ended", metadata: ["error": "\(error)"])
            context.close(promise: nil)
            return
        }
        let refusal = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.requestTooLargeCode,
            message: "request line longer than \(server.settings.lineLimit) bytes; closing the connection"))
        if !busy, let connectionID {
            _ = server.connections.begin(connectionID)
            busy = true
        }
        waiting.append(.answer(RequestRouter.encode(refusal)))
        closeWhenIdle = true
        advance()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            // No whole line for the idle timeout (the idle handler sits after the line decoder, so
            // a client trickling a line byte by byte is idle too). A request in flight is left
            // to finish; its answer restarts the clock.
            if following == nil, waiting.count == 0, outstanding == 0 { context.close(promise: nil) }
            return
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client sent all it will: answer what it asked, then close.
            closeWhenIdle = true
            settleIfIdle()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Running requests

    /// Moves the connection along: starts what may start, writes what is answered, until
    /// neither makes progress; then reads again if reading was held, and settles if idle.
    /// Everything that changes the queue ends here (never re-entered: callbacks come back
    /// through `loop.execute`).
    private func advance() {
        guard let context else { return }
        while startWhatMay(context) + writeReady(context) > 0 {}
        if readHeld, waiting.count + outstanding < Self.maxQueued {
            readHeld = false
            context.read()
        }
        settleIfIdle()
    }

    /// Starts every waiting request that may start now; how many it started.
    private func startWhatMay(_ context: ChannelHandlerContext) -> Int {
        guard let known = peer else { return 0 }
        // Roles are checked against the policy in force: a reload since the connection opened counts.
        let peer = server.router.current(known)
        self.peer = peer
        var count = 0
        let router = server.router
        while let item = waiting.first, !slowRunning {
            var submitted: RPCRequest?
            if case .request(.single(.success(let request))) = item, router.submits(request) {
                submitted = request
            }
            // Anything the router does not take at once runs alone.
            if case .request = item, submitted == nil, outstanding > 0 { break }
            waiting.removeFirst()
            let number = nextNumber
            nextNumber += 1
            count += 1
            switch item {
            case .answer(let bytes):
                ready[number] = .some(bytes)
            case .request(let incoming):
                if let submitted {
                    if let refusal = startSubmitted(submitted, number: number, peer: peer, context: context) { ready[number] = refusal }
                } else {
                    startAlone(incoming, number: number, peer: peer, context: context)
                }
            }
        }
        return count
    }

    /// A request the router starts at once (`observe`): checked on the event loop, committed by
    /// the writer thread, answered here. Returns the answer at once when it is refused before it
    /// reaches the log.
    private func startSubmitted(_ request: RPCRequest, number: Int, peer: Peer, context: ChannelHandlerContext) -> [UInt8]?? {
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        return server.router.submit(request, peer: peer, on: context.eventLoop) { answer in
            bound.value.finish(number, answer)
        }
    }

    /// Any other request, in a task of its own, with nothing else of this connection running.
    private func startAlone(_ incoming: RPCIncoming, number: Int, peer: Peer, context: ChannelHandlerContext) {
        slowRunning = true
        let router = server.router
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        Task(executorPreference: server.queries) {
            let outcome = await router.handle(incoming, peer: peer)
            loop.execute {
                let handler = bound.value
                handler.slowRunning = false
                switch outcome {
                case .respond(let answer):
                    handler.finish(number, answer)
                case .follow(let params, let id):
                    handler.follow(params, id: id)
                }
            }
        }
    }

    // MARK: Answering

    /// Records request `number`'s answer (`nil`: a notification, nothing to write).
    private func finish(_ number: Int, _ answer: [UInt8]?) {
        ready[number] = .some(answer)
        advance()
    }

    /// Writes every answer that is next in line; how many requests it settled.
    private func writeReady(_ context: ChannelHandlerContext) -> Int {
        var settled = 0
        var wrote = false
        while let answer = ready.removeValue(forKey: nextToWrite) {
            if let answer {
                context.write(wrapOutboundOut(SocketServer.line(answer)), promise: nil)
                wrote = true
            }
            nextToWrite += 1
            settled += 1
        }
        if wrote { context.flush() }
        return settled
    }

    /// With nothing waiting or running: marks the connection idle, and closes it when the daemon
    /// is stopping, the client has finished sending, or the last line was refused.
    private func settleIfIdle() {
        guard let context, following == nil, waiting.count == 0, outstanding == 0 else { return }
        var stopping = false
        if busy, let connectionID {
            busy = false
            stopping = !server.connections.end(connectionID)
        }
        if stopping || closeWhenIdle { context.close(promise: nil) }
    }

    /// Turns the connection into a follower of the log (`log.follow`) until it closes.
    private func follow(_ params: FollowRequest, id: RPCID) {
        guard let context, let connectionID, let peer else { return }
        nextToWrite = nextNumber
        busy = false
        server.connections.follow(connectionID)
        let subscription = server.feed.subscribe()
        following = subscription.id
        let router = server.router
        let grant = router.registerFollower(peer, requestID: id, channel: context.channel)
        let follower = LogFollower(channel: context.channel, feed: server.feed, log: server.log,
                                   stallLimit: .seconds(Int64(server.settings.idleTimeoutSeconds)), grant: grant)
        _ = context.pipeline.syncOperations.removeHandler(name: SocketServer.idleHandlerName)
        Task {
            await follower.run(params, id: id, subscription: subscription)
            router.unregisterFollower(grant)
            if !grant.isRevoked { _ = try? await follower.channel.close() }
        }
    }
}
