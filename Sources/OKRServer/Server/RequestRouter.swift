import FoundationEssentials
import Logging
import NIOCore
import OKREvents
import OKRProjections
import OKRWire
import Synchronization

/// Resolves each request in the method table, checks the peer's role, runs the feature's
/// handler and encodes the answer. Wire decoding stays at this edge; the features never see JSON.
public final class RequestRouter: Sendable {
    public static let version = OKRVersion.current

    let context: FeatureContext
    let logger: Logger
    /// The socket's line limit, told to clients in `ping` (okrctl sizes its batches by it).
    let lineLimit: Int
    let latencies = LatencyRecorder()
    /// Whether the log may be served (a damaged one is not).
    let health: LogHealth
    private let policy: Mutex<AccessPolicy>
    /// Reloads of the access policy so far (``Peer/policyGeneration``).
    private let policyGeneration = Atomic<Int>(0)
    /// The `log.follow` streams running, by number, and the next number.
    private let followers = Mutex<(next: Int, grants: [Int: FollowGrant])>((0, [:]))

    /// Every method, from the registrations of the features that serve them.
    let methods: MethodTable

    /// The features okrd serves, each registering its own methods (`Features/`).
    static func features(_ context: FeatureContext, uploads: ImportUploads, lineLimit: Int, latencies: LatencyRecorder) -> [any Feature] {
        [
            ServiceFeature(context: context, lineLimit: lineLimit, latencies: latencies),
            LogFeature(context: context),
            ObservationsFeature(context: context),
            CheckInsFeature(context: context),
            DefinitionsFeature(context: context),
            UpdatesFeature(context: context),
            AlignmentFeature(context: context),
            CarryAndPlansFeature(context: context),
            PeopleFeature(context: context),
            HooksFeature(context: context),
            QueriesFeature(context: context),
            PracticeFeature(context: context),
            MetricsFeature(context: context),
            KPIsFeature(context: context),
            ReviewsFeature(context: context),
            AcknowledgementsFeature(context: context),
            InitiativesFeature(context: context),
            ApplyFeature(context: context),
            ImportFeature(context: context, uploads: uploads),
        ]
    }

    init(context: FeatureContext, policy: AccessPolicy, lineLimit: Int, health: LogHealth, logger: Logger,
         uploads: ImportUploads? = nil) {
        self.context = context
        self.health = health
        self.lineLimit = lineLimit
        self.policy = Mutex(policy)
        self.logger = logger
        var methods = MethodTable()
        for feature in Self.features(context, uploads: uploads ?? ImportUploads(clock: context.clock), lineLimit: lineLimit,
                                     latencies: latencies) {
            feature.register(in: &methods)
        }
        self.methods = methods
    }

    /// Replaces the access policy (SIGHUP). It applies to every request from now on, on
    /// connections already open too (``current(_:)``), and a `log.follow` whose user may no longer
    /// read is told so (1002, with its request's id) and closed before any later event reaches it.
    func update(policy: AccessPolicy) {
        let generation = self.policy.withLock { current in
            current = policy
            return policyGeneration.add(1, ordering: .sequentiallyConsistent).newValue
        }
        let revoked = followers.withLock { followers -> [FollowGrant] in
            let lost = followers.grants.values.filter { grant in
                let peer = self.peer(uid: grant.peer.uid, gid: grant.peer.gid, pid: grant.peer.pid)
                return !(peer.role.map { Methods.logFollow.roles.contains($0) } ?? false)
            }
            for grant in lost { followers.grants[grant.number] = nil }
            return lost
        }
        for grant in revoked {
            let error = RPCError(code: RPCError.permissionDeniedCode,
                                 message: "permission denied: \(grant.peer.user) no longer has a role that may follow the log "
                                     + "(the access policy was reloaded)",
                                 data: .object(["required": .string(Methods.logFollow.erased.requiredRole.rawValue), "user": .string(grant.peer.user)]))
            grant.revoke(with: Self.encode(RPCErrorResponse(id: grant.requestID, error: error)))
        }
        logger.info("access policy reloaded", metadata: ["generation": "\(generation)", "followers closed": "\(revoked.count)"])
    }

    /// Resolves who a connection belongs to, under the access policy in force.
    func peer(uid: UInt32, gid: UInt32, pid: Int32) -> Peer {
        let user = UserDatabase.userName(uid)
        let (role, generation) = policy.withLock {
            ($0.role(uid: uid, gid: gid, user: user), policyGeneration.load(ordering: .sequentiallyConsistent))
        }
        return Peer(uid: uid, gid: gid, pid: pid, user: user, role: role, policyGeneration: generation)
    }

    /// `peer` with its role as the policy in force gives it: the same value while no reload has
    /// come since it was resolved (one atomic read per request).
    func current(_ peer: Peer) -> Peer {
        guard peer.policyGeneration != policyGeneration.load(ordering: .sequentiallyConsistent) else { return peer }
        return self.peer(uid: peer.uid, gid: peer.gid, pid: peer.pid)
    }

    /// Registers a `log.follow` stream so that a reload can end it (``update(policy:)``).
    func registerFollower(_ peer: Peer, requestID: RPCID, channel: any Channel) -> FollowGrant {
        followers.withLock { followers in
            let grant = FollowGrant(number: followers.next, peer: peer, requestID: requestID, channel: channel)
            followers.next += 1
            followers.grants[grant.number] = grant
            return grant
        }
    }

    /// Forgets a follower whose stream ended.
    func unregisterFollower(_ grant: FollowGrant) {
        followers.withLock { _ = $0.grants.removeValue(forKey: grant.number) }
    }

    /// What a line asks for: responses to write, or a subscription to start.
    enum Outcome: Sendable {
        case respond([UInt8]?)
        case follow(FollowRequest, id: RPCID)
    }

    /// Handles one line, parsed: a request, a notification or a batch.
    func handle(_ incoming: RPCIncoming, peer: Peer) async -> Outcome {
        switch incoming {
        case .single(.failure(let error)):
            return .respond(Self.encode(error))
        case .single(.success(let request)):
            if let entry = methods[request.method], let stream = entry.stream, let id = request.id {
                do {
                    try authorize(entry.method, peer)
                    return .follow(try stream(request, peer), id: id)
                } catch {
                    return .respond(Self.encode(RPCErrorResponse(id: id, error: error)))
                }
            }
            return .respond(await respond(to: request, peer: peer))
        case .batch(let entries):
            var responses: [[UInt8]] = []
            for entry in entries {
                switch entry {
                case .failure(let error): responses.append(Self.encode(error))
                case .success(let request):
                    if let response = await respond(to: request, peer: peer) { responses.append(response) }
                }
            }
            guard !responses.isEmpty else { return .respond(nil) }
            return .respond([UInt8(ascii: "[")] + Array(responses.joined(separator: [UInt8(ascii: ",")])) + [UInt8(ascii: "]")])
        }
    }

    /// The encoded response to one request; `nil` for a notification.
    func respond(to request: RPCRequest, peer: Peer) async -> [UInt8]? {
        let answer: [UInt8]
        let started = ContinuousClock.now
        var label = request.method
        defer { latencies.record(label, since: started) }
        do {
            let result = try await dispatch(request, peer: peer, label: &label)
            answer = Self.encode(success: result, id: request.id ?? .null)
        } catch {
            logIfServerSide(error, method: request.method)
            answer = Self.encode(RPCErrorResponse(id: request.id ?? .null, error: error))
        }
        return request.id == nil ? nil : answer
    }

    /// Logs the errors that are okrd's problem rather than the client's.
    func logIfServerSide(_ error: RPCError, method: String) {
        if error.code == RPCError.internalErrorCode || error.code == RPCError.storageErrorCode {
            logger.error("request failed", metadata: ["method": "\(method)", "error": "\(error.message)"])
        }
    }

    /// Throws `permission denied` unless `peer`'s role may call `method`, and a storage error
    /// when the log is damaged (``LogHealth``).
    func authorize(_ method: AnyMethod, _ peer: Peer) throws(RPCError) {
        guard let role = peer.role, method.roles.contains(role) else {
            let required = method.requiredRole
            let has = peer.role?.rawValue ?? "none"
            throw RPCError(code: RPCError.permissionDeniedCode,
                           message: "permission denied: \(method.name) needs the \(required.rawValue) role; \(peer.user) has \(has)",
                           data: .object(["required": .string(required.rawValue), "role": .string(has), "user": .string(peer.user)]))
        }
        try health.admit(method)
    }

    /// Whether `request` starts at once on its connection's event loop, overlapping the
    /// requests before it: its method submits its work to the log's writer and is answered
    /// from the commit (`observe`). Every other request runs alone, through ``handle(_:peer:)``.
    func submits(_ request: RPCRequest) -> Bool { methods[request.method]?.submit != nil }

    /// Starts a request whose method submits (``submits(_:)``), on `loop`. Returns the answer at
    /// once when the request is refused before anything reaches the log (`.some(nil)` for a
    /// notification); otherwise `nil`, and `answered` is called on `loop` with the answer once
    /// the commit is done (encoded there, not on the writer thread).
    func submit(_ request: RPCRequest, peer: Peer, on loop: any EventLoop,
                answered: @escaping @Sendable ([UInt8]?) -> Void) -> [UInt8]?? {
        guard let entry = methods[request.method], let submit = entry.submit else {
            preconditionFailure("\(request.method) does not submit")
        }
        let started = ContinuousClock.now
        let id = request.id
        do {
            try authorize(entry.method, peer)
            try submit(request, peer) { [self] result in
                loop.execute { [self] in
                    latencies.record(entry.method.name, since: started)
                    switch result {
                    case .success(let value):
                        answered(id.map { Self.encode(success: value, id: $0) })
                    case .failure(let error):
                        logIfServerSide(error, method: request.method)
                        answered(id.map { Self.encode(RPCErrorResponse(id: $0, error: error)) })
                    }
                }
            }
            return nil
        } catch {
            latencies.record(entry.method.name, since: started)
            return .some(id.map { Self.encode(RPCErrorResponse(id: $0, error: error)) })
        }
    }

    /// Runs `request` through the method table; `label` is what its time is recorded under.
    private func dispatch(_ request: RPCRequest, peer: Peer, label: inout String) async throws(RPCError) -> any Encodable & Sendable {
        guard let entry = methods[request.method] else { throw .methodNotFound(request.method) }
        try authorize(entry.method, peer)
        let (result, recordedAs) = try await entry.run(request, peer)
        label = recordedAs
        return result
    }

    static func encode(success result: some Encodable & Sendable, id: RPCID) -> [UInt8] {
        do {
            return try compactEncoder.encode(RPCSuccess(result: result, id: id))
        } catch {
            return encode(RPCErrorResponse(id: id, error: RPCError(code: RPCError.internalErrorCode, message: "cannot encode the result: \(error)")))
        }
    }

    static func encode(_ response: RPCErrorResponse) -> [UInt8] {
        (try? compactEncoder.encode(response)) ?? Array(#"{"jsonrpc":"2.0","error":{"code":-32603,"message":"internal error"},"id":null}"#.utf8)
    }

    static func encode(notification event: StoredEvent) -> [UInt8] {
        (try? Array(encoder.encode(RPCNotification(method: "log.event", params: event)))) ?? []
    }

    /// Results: the same bytes as `encoder`, several times faster (BENCHMARKS.md).
    static let compactEncoder = CompactJSONEncoder()

    /// One encoder for errors and notifications (configured once, not per answer).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
