import OKRWire

/// Every method okrd serves, registered once where its feature lives (`CommandProcessor+…`
/// files, `RequestRouter+Operations`): its name and roles (``RPCMethod``), its params type, its
/// handler and its result type. ``RequestRouter`` resolves each request here; nothing else
/// switches over method names. Adding a method is its params and result in OKRWire, an entry
/// in its feature's registration, and its okrctl command.
struct MethodTable: Sendable {
    /// How one method runs: decodes its params from the request, calls its handler, and names
    /// what its time is recorded under (`stats`).
    struct Entry: Sendable {
        let method: RPCMethod
        let run: @Sendable (RPCRequest, Peer) async throws(RPCError) -> (result: any Encodable & Sendable, label: String)
        /// For a method whose work is handed to the log's writer and answered from the commit
        /// (`observe`): starts it on the caller's thread, with no task; throws a refusal made
        /// before anything reached the log. Such requests may overlap one another.
        let submit: (@Sendable (RPCRequest, Peer, @escaping Completion) throws(RPCError) -> Void)?
    }

    /// Called with a submitted request's result once its commit is done.
    typealias Completion = @Sendable (Result<any Encodable & Sendable, RPCError>) -> Void

    private var entries: [String: Entry] = [:]

    /// The entry for a method name, if okrd serves it.
    subscript(name: String) -> Entry? { entries[name] }

    /// The methods registered, for the test that every ``RPCMethod`` has a handler.
    var methods: Set<RPCMethod> { Set(entries.values.map(\.method)) }

    /// A method whose params are decoded by Foundation's decoder (an absent `params` reads as
    /// `{}`). `label` may time some calls apart (`status (as of)`).
    mutating func add<Params: Decodable & Sendable, Result: Encodable & Sendable>(
        _ method: RPCMethod, _ params: Params.Type, label: (@Sendable (Params) -> String?)? = nil,
        _ handler: @escaping @Sendable (Params, Peer) async throws(RPCError) -> Result
    ) {
        register(method) { (request, peer) throws(RPCError) in
            let decoded = try request.decodeParams(Params.self)
            return (try await handler(decoded, peer), label?(decoded) ?? method.rawValue)
        }
    }

    /// A method whose handler is also told how many bytes its request took (`import.stage`,
    /// whose uploads are bounded in bytes).
    mutating func add<Params: Decodable & Sendable, Result: Encodable & Sendable>(
        _ method: RPCMethod, _ params: Params.Type,
        sized handler: @escaping @Sendable (Params, Int, Peer) async throws(RPCError) -> Result
    ) {
        register(method) { (request, peer) throws(RPCError) in
            (try await handler(try request.decodeParams(Params.self), request.byteCount, peer), method.rawValue)
        }
    }

    /// A method whose params read themselves from the request's bytes and whose work is
    /// submitted to the log's writer (`observe`): `submit` checks the params, hands the work
    /// over and calls its completion from the commit. A request alone on its connection and one
    /// in a batch take this same function (the batch through a continuation).
    mutating func add<Params: Decodable & ScannableParams & Sendable, Result: Encodable & Sendable>(
        _ method: RPCMethod, _ params: Params.Type,
        submit: @escaping @Sendable (Params, Peer, @escaping @Sendable (Swift.Result<Result, RPCError>) -> Void) throws(RPCError) -> Void
    ) {
        let start: @Sendable (RPCRequest, Peer, @escaping Completion) throws(RPCError) -> Void = { (request, peer, done) throws(RPCError) in
            try submit(try request.decodeParams(Params.self), peer) { result in done(result.map { $0 }) }
        }
        register(method, submit: start) { (request, peer) throws(RPCError) in
            let result: Swift.Result<any Encodable & Sendable, RPCError> = await withCheckedContinuation { continuation in
                do throws(RPCError) {
                    try start(request, peer) { continuation.resume(returning: $0) }
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            return (try result.get(), method.rawValue)
        }
    }

    /// A method that takes no params (whatever `params` holds is not read).
    mutating func add<Result: Encodable & Sendable>(
        _ method: RPCMethod, _ handler: @escaping @Sendable (Peer) async throws(RPCError) -> Result
    ) {
        register(method) { (_, peer) throws(RPCError) in (try await handler(peer), method.rawValue) }
    }

    private mutating func register(
        _ method: RPCMethod,
        submit: (@Sendable (RPCRequest, Peer, @escaping Completion) throws(RPCError) -> Void)? = nil,
        _ run: @escaping @Sendable (RPCRequest, Peer) async throws(RPCError) -> (result: any Encodable & Sendable, label: String)
    ) {
        precondition(entries[method.rawValue] == nil, "\(method.rawValue) is registered twice")
        entries[method.rawValue] = Entry(method: method, run: run, submit: submit)
    }
}
