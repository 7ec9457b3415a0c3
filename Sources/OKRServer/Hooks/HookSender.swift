/// One HTTP request of a hook delivery, ready to send: what the format made of a notice.
public struct HookRequest: Sendable {
    /// `POST`, or `PUT` for Matrix.
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// For `standard` hooks: the delivery id and secret the sender signs the body with, at the
    /// moment of each attempt (Standard Webhooks' timestamp is the attempt's).
    public var signing: StandardWebhookSigning?

    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8],
                signing: StandardWebhookSigning? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.signing = signing
    }
}

/// What a Standard Webhooks signature needs: `webhook-id` and the `whsec_…` secret.
public struct StandardWebhookSigning: Sendable {
    public var id: String
    public var secret: String

    public init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }
}

/// How one attempt went. Only a 2xx status delivers.
public enum HookAttemptOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The endpoint answered with this status.
    case answered(status: Int)
    /// No status line and headers within the timeout.
    case timedOut(seconds: Int)
    /// No connection, a TLS failure, a reset: what went wrong in a few words.
    case failed(String)

    public var delivered: Bool {
        if case .answered(let status) = self { return (200...299).contains(status) }
        return false
    }

    public var description: String {
        switch self {
        case .answered(let status): "HTTP \(status)"
        case .timedOut(let seconds): "no answer within \(seconds) s"
        case .failed(let reason): reason
        }
    }
}

/// Sends one attempt of a delivery and says how it went; never throws, never follows a redirect.
/// okrd's is `HTTPHookSender` (module OKRHookHTTP): TLS, HMAC and SHA-256 live there, apart
/// from OKRServer and the fuzzer.
public protocol HookSender: Sendable {
    func send(_ request: HookRequest) async -> HookAttemptOutcome
    /// A short one-way digest of a credential (`sha256:1a2b3c4d`), which `hook list` shows.
    func fingerprint(_ credential: String) -> String
    /// Lets go of connections at shutdown.
    func shutdown() async
}
