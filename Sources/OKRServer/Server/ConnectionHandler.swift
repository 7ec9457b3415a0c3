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
///
/// Its life is one ``ConnectionState``; its lines one ``RequestQueue``.
final class ConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Lines read but not yet answered, at most; past it the handler stops reading the socket.
    static let maxQueued = 32

    private let server: SocketServer
    private var context: ChannelHandlerContext?
    private var state = ConnectionState.identifying(registration: nil, closing: false)
    private var queue = RequestQueue()
    /// Whether a read from the socket is held back until the queue shortens.
    private var readHeld = false

    init(server: SocketServer) {
        self.server = server
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: Transitions

    func channelActive(context: ChannelHandlerContext) {
        let server = self.server
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        PeerCredentials.of(context.channel).whenComplete { result in
            switch result {
            case .success(let credentials):
                loop.execute { bound.value.credentialsRead(credentials) }
            case .failure(let error):
                server.logger.debug("cannot read the peer's credentials", metadata: ["error": "\(error)"])
                loop.execute { bound.value.context?.close(promise: nil) }
            }
        }
        context.fireChannelActive()
    }

    /// Takes the connection into the registry once its peer is known (the limit is shared out
    /// by user), then resolves the peer's role. Lines that arrived first wait in the queue.
    private func credentialsRead(_ credentials: PeerCredentials) {
        // Closed while its credentials were read: nothing to register (it would never be removed).
        guard let context, context.channel.isActive, case .identifying(nil, let closing) = state else { return }
        let limit = server.settings.maxConnections
        let registration: Int
        switch server.connections.register(context.channel, uid: credentials.uid, limit: limit) {
        case .refused:
            state = .closed
            Self.tellAndClose(context.channel, "too many connections, all busy (limit \(limit)), or shutting down; try again")
            return
        case .admittedEvicting(let id, let evicted):
            Self.tellAndClose(evicted, "closed to make room: okrd is at its connection limit (\(limit)) and this was the "
                + "longest-idle connection of the user holding the most; reconnect")
            registration = id
        case .admitted(let id):
            registration = id
        }
        state = .identifying(registration: registration, closing: closing)
        if !queue.waiting.isEmpty, !markActive() { return }
        let server = self.server
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        // The user database may be remote (NSS): looked up off the event loop.
        Task {
            let peer = server.router.peer(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid)
            loop.execute { bound.value.identified(peer) }
        }
    }

    private func identified(_ peer: Peer) {
        guard case .identifying(let registration?, let closing) = state else { return }
        state = .serving(registration: registration, peer: peer, closing: closing)
        advance()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state.reads else { return }
        let buffer = unwrapInboundIn(data)
        guard markActive() else { return }
        queue.append(.request(RPCIncoming.parse(Array(buffer.readableBytesView))))
        advance()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is LineFrameDecoder.LineTooLong else {
            server.logger.debug("connection ended", metadata: ["error": "\(error)"])
            context.close(promise: nil)
            return
        }
        let refusal = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.requestTooLargeCode,
            message: "request line longer than \(server.settings.lineLimit) bytes; closing the connection"))
        if !queue.active, let registration = state.registration {
            _ = server.connections.begin(registration)
            queue.active = true
        }
        queue.append(.answer(RequestRouter.encode(refusal)))
        state = state.closingWhenIdle
        advance()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            // No whole line for the idle timeout (the idle handler sits after the line decoder, so
            // a client trickling a line byte by byte is idle too). A request in flight is left
            // to finish; its answer restarts the clock.
            if case .following = state { return }
            if queue.isIdle { context.close(promise: nil) }
            return
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client sent all it will: answer what it asked, then close.
            state = state.closingWhenIdle
            settleIfIdle()
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let registration = state.registration { server.connections.remove(registration) }
        if case .following(_, let subscription) = state { server.feed.unsubscribe(subscription) }
        state = .closed
        context.fireChannelInactive()
    }

    /// Turns the connection into a follower of the log (`log.follow`) until it closes.
    private func follow(_ params: FollowRequest, id: RPCID) {
        guard let context, case .serving(let registration, let peer, _) = state else { return }
        queue.settleAll()
        queue.active = false
        server.connections.follow(registration)
        let subscription = server.feed.subscribe()
        state = .following(registration: registration, subscription: subscription.id)
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

    /// With nothing waiting or running: tells the registry the connection is idle, and closes it
    /// when the daemon is stopping or the connection is closing.
    private func settleIfIdle() {
        guard let context, queue.isIdle else { return }
        switch state {
        case .following, .closed: return
        case .identifying, .serving: break
        }
        var stopping = false
        if queue.active, let registration = state.registration {
            queue.active = false
            stopping = !server.connections.end(registration)
        }
        if stopping || state.closing { context.close(promise: nil) }
    }

    /// Tells the registry the connection has work, once it is registered; closes it (returning
    /// false) when the daemon is stopping.
    private func markActive() -> Bool {
        guard !queue.active, let registration = state.registration else { return true }
        guard server.connections.begin(registration) else {
            context?.close(promise: nil)
            return false
        }
        queue.active = true
        return true
    }

    /// Sends `channel` an unavailable error (1007) saying `message`, then closes it.
    private static func tellAndClose(_ channel: any Channel, _ message: String) {
        let error = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.unavailableCode, message: message))
        channel.writeAndFlush(SocketServer.line(RequestRouter.encode(error))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    // MARK: Running requests

    /// Holds the socket's reads while too many lines wait: a client that sends faster than its
    /// requests commit is slowed by its socket buffer, not queued in okrd's memory.
    func read(context: ChannelHandlerContext) {
        if queue.held >= Self.maxQueued {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// Moves the connection along: starts what may start, writes what is answered, until
    /// neither makes progress; then reads again if reading was held, and settles if idle.
    /// Everything that changes the queue ends here (never re-entered: callbacks come back
    /// through `loop.execute`).
    private func advance() {
        guard let context else { return }
        while startWhatMay(context) + writeReady(context) > 0 {}
        if readHeld, queue.held < Self.maxQueued {
            readHeld = false
            context.read()
        }
        settleIfIdle()
    }

    /// Starts every waiting request that may start now; how many it started.
    private func startWhatMay(_ context: ChannelHandlerContext) -> Int {
        guard case .serving(let registration, let known, let closing) = state else { return 0 }
        // Roles are checked against the policy in force: a reload since the connection opened counts.
        let peer = server.router.current(known)
        state = .serving(registration: registration, peer: peer, closing: closing)
        var count = 0
        let router = server.router
        while let line = queue.waiting.first, !queue.aloneRunning {
            var submitted: RPCRequest?
            if case .request(.single(.success(let request))) = line, router.submits(request) {
                submitted = request
            }
            // Anything the router does not take at once runs alone.
            if case .request = line, submitted == nil, queue.outstanding > 0 { break }
            let number = queue.start().number
            count += 1
            switch line {
            case .answer(let bytes):
                queue.answer(number, bytes)
            case .request(let incoming):
                if let submitted {
                    if let refusal = startSubmitted(submitted, number: number, peer: peer, context: context) {
                        queue.answer(number, refusal)
                    }
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
        queue.aloneRunning = true
        let router = server.router
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loop = context.eventLoop
        Task(executorPreference: server.queries) {
            let outcome = await router.handle(incoming, peer: peer)
            loop.execute {
                let handler = bound.value
                handler.queue.aloneRunning = false
                switch outcome {
                case .respond(let answer):
                    handler.finish(number, answer)
                case .follow(let params, let id):
                    handler.follow(params, id: id)
                }
            }
        }
    }

    /// Records request `number`'s answer (`nil`: a notification, nothing to write).
    private func finish(_ number: Int, _ answer: [UInt8]?) {
        queue.answer(number, answer)
        advance()
    }

    /// Writes every answer that is next in line; how many requests it settled.
    private func writeReady(_ context: ChannelHandlerContext) -> Int {
        let (answers, settled) = queue.takeAnswers()
        for answer in answers { context.write(wrapOutboundOut(SocketServer.line(answer)), promise: nil) }
        if !answers.isEmpty { context.flush() }
        return settled
    }
}
