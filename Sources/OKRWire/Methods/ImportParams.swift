import OKREvents

/// One event of an import (`okrctl import viva`): its payload, when it happened at the source
/// (its `effectiveAt`) and the idempotency key that makes importing it again a repeat
/// (`viva:goal:1003`). The JSON form is `{"type", "at", "key", "data"}`, `data` as in `log --json`.
public struct ImportEvent: Codable, Hashable, Sendable {
    public var payload: EventPayload
    public var at: Instant
    public var key: String

    public init(payload: EventPayload, at: Instant, key: String) {
        self.payload = payload; self.at = at; self.key = key
    }

    enum CodingKeys: String, CodingKey { case type, at, key, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(EventType.self, forKey: .type)
        payload = EventPayload(try type.dataType.init(from: container.superDecoder(forKey: .data)))
        at = try container.decode(Instant.self, forKey: .at)
        key = try container.decode(String.self, forKey: .key)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(payload.type, forKey: .type)
        try container.encode(at, forKey: .at)
        try container.encode(key, forKey: .key)
        try payload.data.encode(to: container.superEncoder(forKey: .data))
    }
}

/// `import.stage`: adds events to an upload (a new one when `upload` is absent). An import is
/// larger than one request line may be, so it arrives in parts and is appended whole by
/// `import.commit`.
public struct ImportStageParams: Codable, Hashable, Sendable {
    /// The upload `import.stage` answered before; absent for the first part.
    public var upload: String?
    public var events: [ImportEvent]
    public init(upload: String? = nil, events: [ImportEvent]) { self.upload = upload; self.events = events }
}

/// The answer to `import.stage`.
public struct ImportStageResult: Codable, Hashable, Sendable {
    /// Names the upload in the next parts and in `import.commit`.
    public var upload: String
    /// Events staged so far in this upload.
    public var staged: Int
    public init(upload: String, staged: Int) { self.upload = upload; self.staged = staged }
}

/// `import.commit`: checks every staged event against the log and appends the new ones in one
/// commit (or, with `dryRun`, only says what it would append). The upload is gone afterwards.
public struct ImportCommitParams: Codable, Hashable, Sendable {
    public var upload: String
    public var dryRun: Bool?
    public init(upload: String, dryRun: Bool? = nil) { self.upload = upload; self.dryRun = dryRun }
}

/// The answer to `import.commit`.
public struct ImportCommitResult: Codable, Hashable, Sendable {
    /// How many events of one type and one kind of key were (or would be) appended.
    public struct Count: Codable, Hashable, Sendable {
        public var type: EventType
        /// The key's kind: everything before its last `:` (`viva:checkin`, `viva:comment`).
        public var kind: String
        public var count: Int
        public init(type: EventType, kind: String, count: Int) { self.type = type; self.kind = kind; self.count = count }
    }

    /// An event not appended because okr already has what it says, in its own form.
    public struct Kept: Codable, Hashable, Sendable {
        public var key: String
        public var reason: String
        public init(key: String, reason: String) { self.key = key; self.reason = reason }
    }

    /// Whether the events were appended (false for a dry run, or when there was nothing new).
    public var applied: Bool
    public var new: [Count]
    /// Events whose key the log already holds with the same content: imported before.
    public var already: Int
    /// Events not appended though their key is new or their content differs: what okr kept instead.
    public var kept: [Kept]
    /// Teams named by the new events that okr did not know.
    public var newTeams: [String]
    /// The seqs of the first and last event appended.
    public var firstSeq: UInt64?
    public var lastSeq: UInt64?

    public init(applied: Bool, new: [Count], already: Int, kept: [Kept], newTeams: [String], firstSeq: UInt64? = nil, lastSeq: UInt64? = nil) {
        self.applied = applied; self.new = new; self.already = already; self.kept = kept; self.newTeams = newTeams
        self.firstSeq = firstSeq; self.lastSeq = lastSeq
    }

    /// New events of `type` (any kind of key).
    public func count(of type: EventType) -> Int { new.filter { $0.type == type }.reduce(0) { $0 + $1.count } }

    /// New events whose key is of `kind`.
    public func count(kind: String) -> Int { new.filter { $0.kind == kind }.reduce(0) { $0 + $1.count } }
}
