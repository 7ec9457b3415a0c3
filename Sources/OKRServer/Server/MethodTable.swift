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
    }

    private var entries: [String: Entry] = [:]

    /// The entry for a method name, if okrd serves it.
    subscript(name: String) -> Entry? { entries[name] }

    /// The methods registered, for the test that every ``RPCMethod`` has a handler.
    var methods: Set<RPCMethod> { Set(entries.values.map(\.method)) }

    /// A method whose params are decoded by Foundation's decoder (an absent `params` reads as
    /// `{}`). `label` may time some calls apart (`status (as of)`).
    mutating func add<Params: Decodable, Result: Encodable & Sendable>(
        _ method: RPCMethod, _ params: Params.Type, label: (@Sendable (Params) -> String?)? = nil,
        _ handler: @escaping @Sendable (Params, Peer) async throws(RPCError) -> Result
    ) {
        register(method) { (request, peer) throws(RPCError) in
            let decoded = try request.decodeParams(Params.self)
            return (try await handler(decoded, peer), label?(decoded) ?? method.rawValue)
        }
    }

    /// A method whose params read themselves from the request's bytes (`observe`).
    mutating func add<Params: Decodable & ScannableParams, Result: Encodable & Sendable>(
        _ method: RPCMethod, _ params: Params.Type,
        _ handler: @escaping @Sendable (Params, Peer) async throws(RPCError) -> Result
    ) {
        register(method) { (request, peer) throws(RPCError) in
            (try await handler(try request.decodeParams(Params.self), peer), method.rawValue)
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
        _ run: @escaping @Sendable (RPCRequest, Peer) async throws(RPCError) -> (result: any Encodable & Sendable, label: String)
    ) {
        precondition(entries[method.rawValue] == nil, "\(method.rawValue) is registered twice")
        entries[method.rawValue] = Entry(method: method, run: run)
    }
}
