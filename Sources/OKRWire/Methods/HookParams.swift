import OKREvents

/// `hook.add` (SPEC §13). okrctl reads `--secret-file`/`--token-file` and sends what they hold
/// in `secret`/`token` with the file's name for messages; a file it could not read is sent as
/// `unreadable` (why), so that okrd refuses it like every other mistake, appending nothing.
public struct HookAddParams: Codable, Hashable, Sendable {
    public var name: String
    public var url: String
    /// `standard`, `slack`, `teams` or `matrix`.
    public var format: String
    /// The kinds to deliver; absent: every kind.
    public var events: [String]?
    public var teams: [String]?
    public var owners: [String]?
    public var secretFile: String?
    public var secret: String?
    public var tokenFile: String?
    public var token: String?
    /// Why okrctl could not read the secret or token file.
    public var unreadable: String?

    public init(name: String, url: String, format: String, events: [String]? = nil, teams: [String]? = nil, owners: [String]? = nil,
                secretFile: String? = nil, secret: String? = nil, tokenFile: String? = nil, token: String? = nil,
                unreadable: String? = nil) {
        self.name = name; self.url = url; self.format = format; self.events = events; self.teams = teams; self.owners = owners
        self.secretFile = secretFile; self.secret = secret; self.tokenFile = tokenFile; self.token = token
        self.unreadable = unreadable
    }
}

/// `hook.remove`, `hook.test` and `hook.retry`: the hook's name.
public struct HookNameParams: Codable, Hashable, Sendable {
    public var name: String
    public init(name: String) { self.name = name }
}

/// `hook.deliveries`: a hook's latest deliveries, newest first; only the failed ones with `failed`.
public struct HookDeliveriesParams: Codable, Hashable, Sendable {
    public var name: String
    public var failed: Bool?
    /// At most this many (default 20).
    public var limit: Int?
    public init(name: String, failed: Bool? = nil, limit: Int? = nil) {
        self.name = name; self.failed = failed; self.limit = limit
    }
}

/// One hook as `hook list` shows it: never its secret, token or a Slack or Teams URL's path.
public struct HookSummary: Codable, Hashable, Sendable {
    public var name: String
    public var format: String
    /// The URL's scheme and host (`https://hooks.slack.com`).
    public var endpoint: String
    public var events: [String]
    public var teams: [String]
    public var owners: [String]
    /// A short digest of the secret or token (`sha256:1a2b3c4d`), `nil` without one.
    public var fingerprint: String?
    /// The seq of its `HookAdded`.
    public var since: UInt64
    /// The last event it has handled, and how many committed events it has yet to.
    public var position: UInt64
    public var lag: UInt64
    public var delivered: Int
    public var failed: Int
    /// The last attempt's outcome (`delivered`, `HTTP 500`, `timed out` …) and when; `nil` before any.
    public var lastOutcome: String?
    public var lastAt: Instant?

    public init(name: String, format: String, endpoint: String, events: [String], teams: [String], owners: [String],
                fingerprint: String?, since: UInt64, position: UInt64, lag: UInt64, delivered: Int, failed: Int,
                lastOutcome: String?, lastAt: Instant?) {
        self.name = name; self.format = format; self.endpoint = endpoint; self.events = events; self.teams = teams
        self.owners = owners; self.fingerprint = fingerprint; self.since = since; self.position = position; self.lag = lag
        self.delivered = delivered; self.failed = failed; self.lastOutcome = lastOutcome; self.lastAt = lastAt
    }

    enum CodingKeys: String, CodingKey {
        case name, format, endpoint, events, teams, owners, fingerprint, since, position, lag, delivered, failed, lastOutcome, lastAt
    }

    /// `nil` members as `null`, so that every summary has the same members.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(format, forKey: .format)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(events, forKey: .events)
        try container.encode(teams, forKey: .teams)
        try container.encode(owners, forKey: .owners)
        try container.encode(fingerprint, forKey: .fingerprint)
        try container.encode(since, forKey: .since)
        try container.encode(position, forKey: .position)
        try container.encode(lag, forKey: .lag)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(failed, forKey: .failed)
        try container.encode(lastOutcome, forKey: .lastOutcome)
        try container.encode(lastAt, forKey: .lastAt)
    }
}

/// `hook.list`.
public struct HookListResult: Codable, Hashable, Sendable {
    public var hooks: [HookSummary]
    public init(hooks: [HookSummary]) { self.hooks = hooks }
}

/// One delivery: one (hook, event, kind), under one id on every attempt.
public struct HookDelivery: Codable, Hashable, Sendable {
    /// The `webhook-id` (and Matrix transaction id) of every attempt.
    public var id: String
    public var kind: String
    /// The event it tells of; `nil` for `test`, `due` and `digest`.
    public var seq: UInt64?
    /// The key result, insight or cycle it is about.
    public var subject: String?
    /// `delivered`, `failed` (given up; `hook retry` re-sends) or `retrying`.
    public var outcome: String
    public var attempts: Int
    /// What the last attempt got: `HTTP 200`, `HTTP 500`, `timed out after 10 s`, a connection error.
    public var detail: String
    public var firstAttemptAt: Instant
    public var lastAttemptAt: Instant

    public init(id: String, kind: String, seq: UInt64?, subject: String?, outcome: String, attempts: Int, detail: String,
                firstAttemptAt: Instant, lastAttemptAt: Instant) {
        self.id = id; self.kind = kind; self.seq = seq; self.subject = subject; self.outcome = outcome
        self.attempts = attempts; self.detail = detail; self.firstAttemptAt = firstAttemptAt; self.lastAttemptAt = lastAttemptAt
    }
}

/// `hook.deliveries`.
public struct HookDeliveriesResult: Codable, Hashable, Sendable {
    public var name: String
    public var deliveries: [HookDelivery]
    public init(name: String, deliveries: [HookDelivery]) { self.name = name; self.deliveries = deliveries }
}

/// `hook.test` (answered only on a 2xx; otherwise an error naming what happened) and `hook.retry`.
public struct HookSendResult: Codable, Hashable, Sendable {
    public var name: String
    /// The deliveries sent, with their outcomes.
    public var deliveries: [HookDelivery]
    public init(name: String, deliveries: [HookDelivery]) { self.name = name; self.deliveries = deliveries }
}

/// A hook's counters for `export --format prometheus` (in `stats`): no URL, no credential.
public struct HookCounters: Codable, Hashable, Sendable {
    public var name: String
    /// Attempts by outcome: `delivered`, `failed` (an attempt that did not get a 2xx).
    public var attempts: [String: Int]
    public var lag: UInt64
    /// Deliveries given up on, since okrd started.
    public var failed: Int
    public init(name: String, attempts: [String: Int], lag: UInt64, failed: Int) {
        self.name = name; self.attempts = attempts; self.lag = lag; self.failed = failed
    }
}
