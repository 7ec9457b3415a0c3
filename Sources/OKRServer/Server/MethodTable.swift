import OKRWire

/// Every method okrd serves, each registered by the feature that serves it (`Features/…`)
/// through its ``OKRWire/Method`` descriptor: its name, roles, params and result come from the
/// descriptor, its handler from the feature. ``RequestRouter`` resolves each request here;
/// nothing else switches over method names.
///
/// This is the edge between the wire and the features: params are decoded here, and a
/// handler's ``DomainError`` becomes an ``OKRWire/RPCError`` here.
struct MethodTable: Sendable {
    /// How one method runs: decodes its params from the request, calls its handler, and names
    /// what its time is recorded under (`stats`).
    struct Entry: Sendable {
        let method: AnyMethod
        let run: @Sendable (RPCRequest, Peer) async throws(RPCError) -> (result: any Encodable & Sendable, label: String)
        /// For a method whose work is handed to the log's writer and answered from the commit
        /// (`observe`): starts it on the caller's thread, with no task; throws a refusal made
        /// before anything reached the log. Such requests may overlap one another.
        let submit: (@Sendable (RPCRequest, Peer, @escaping Completion) throws(RPCError) -> Void)?
        /// For a method whose answer is a stream (`log.follow`): what the connection follows.
        let stream: (@Sendable (RPCRequest, Peer) throws(RPCError) -> FollowRequest)?
    }

    /// Called with a submitted request's result once its commit is done.
    typealias Completion = @Sendable (Result<any Encodable & Sendable, RPCError>) -> Void

    private var entries: [String: Entry] = [:]

    /// The entry for a method name, if okrd serves it.
    subscript(name: String) -> Entry? { entries[name] }

    /// The methods registered, for the test that every descriptor has a handler.
    var methods: Set<AnyMethod> { Set(entries.values.map(\.method)) }

    /// A method whose params are decoded by Foundation's decoder (an absent `params` reads as
    /// `{}`). `label` may time some calls apart (`status (as of)`).
    mutating func add<Params, Result>(
        _ method: Method<Params, Result>, label: (@Sendable (Params) -> String?)? = nil,
        _ handler: @escaping @Sendable (Params, Peer) async throws(DomainError) -> Result
    ) {
        register(method.erased) { (request, peer) throws(RPCError) in
            let decoded = try request.decodeParams(Params.self)
            do throws(DomainError) {
                return (try await handler(decoded, peer), label?(decoded) ?? method.name)
            } catch {
                throw RPCError(error)
            }
        }
    }

    /// A method whose handler is also told how many bytes its request took (`import.stage`,
    /// whose uploads are bounded in bytes).
    mutating func add<Params, Result>(
        _ method: Method<Params, Result>,
        sized handler: @escaping @Sendable (Params, Int, Peer) async throws(DomainError) -> Result
    ) {
        register(method.erased) { (request, peer) throws(RPCError) in
            let decoded = try request.decodeParams(Params.self)
            do throws(DomainError) {
                return (try await handler(decoded, request.byteCount, peer), method.name)
            } catch {
                throw RPCError(error)
            }
        }
    }

    /// A method whose params read themselves from the request's bytes and whose work is
    /// submitted to the log's writer (`observe`): `submit` checks the params, hands the work
    /// over and calls its completion from the commit. A request alone on its connection and one
    /// in a batch take this same function (the batch through a continuation).
    mutating func add<Params: ScannableParams, Result>(
        _ method: Method<Params, Result>,
        submit: @escaping @Sendable (Params, Peer, @escaping @Sendable (Swift.Result<Result, DomainError>) -> Void) throws(DomainError) -> Void
    ) {
        let start: @Sendable (RPCRequest, Peer, @escaping Completion) throws(RPCError) -> Void = { (request, peer, done) throws(RPCError) in
            let params = try request.decodeParams(Params.self)
            do throws(DomainError) {
                try submit(params, peer) { result in done(result.map { $0 }.mapError(RPCError.init)) }
            } catch {
                throw RPCError(error)
            }
        }
        register(method.erased, submit: start) { (request, peer) throws(RPCError) in
            let result: Swift.Result<any Encodable & Sendable, RPCError> = await withCheckedContinuation { continuation in
                do throws(RPCError) {
                    try start(request, peer) { continuation.resume(returning: $0) }
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            return (try result.get(), method.name)
        }
    }

    /// A method that takes no params (whatever `params` holds is not read).
    mutating func add<Result>(
        _ method: Method<EmptyParams, Result>, _ handler: @escaping @Sendable (Peer) async throws(DomainError) -> Result
    ) {
        register(method.erased) { (_, peer) throws(RPCError) in
            do throws(DomainError) {
                return (try await handler(peer), method.name)
            } catch {
                throw RPCError(error)
            }
        }
    }

    /// A method whose answer is a stream (`log.follow`): `start` checks the params and returns
    /// what the connection then follows (``RequestRouter/Outcome/follow(_:id:)``). Without an
    /// id there is nobody to stream to, and the request is refused.
    mutating func add<Params, Result>(
        _ method: Method<Params, Result>,
        stream start: @escaping @Sendable (Params, Peer) throws(DomainError) -> FollowRequest
    ) {
        let open: @Sendable (RPCRequest, Peer) throws(RPCError) -> FollowRequest = { (request, peer) throws(RPCError) in
            let params = try request.decodeParams(Params.self)
            do throws(DomainError) {
                return try start(params, peer)
            } catch {
                throw RPCError(error)
            }
        }
        register(method.erased, stream: open) { (_, _) throws(RPCError) in
            throw .invalidRequest("\(method.name) needs an id: it answers, then streams")
        }
    }

    private mutating func register(
        _ method: AnyMethod,
        submit: (@Sendable (RPCRequest, Peer, @escaping Completion) throws(RPCError) -> Void)? = nil,
        stream: (@Sendable (RPCRequest, Peer) throws(RPCError) -> FollowRequest)? = nil,
        _ run: @escaping @Sendable (RPCRequest, Peer) async throws(RPCError) -> (result: any Encodable & Sendable, label: String)
    ) {
        precondition(entries[method.name] == nil, "\(method.name) is registered twice")
        entries[method.name] = Entry(method: method, run: run, submit: submit, stream: stream)
    }
}
