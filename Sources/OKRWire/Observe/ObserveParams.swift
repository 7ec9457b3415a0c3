import OKREvents

// `observe`'s request in its canonical form: the Codable params every other form is checked
// against (ObserveWireFormsTests). The other forms of the request are the scanner okrd reads it
// with (ObserveParams+Scan.swift) and the writer okrctl's CSV import writes it with
// (ObserveRequestWriter.swift); okrd turns it into an `OKREvents.ObservationBatch`.

/// One observation for `observe`.
public struct Observation: Codable, Hashable, Sendable {
    public var metric: String
    public var value: Double
    public var at: Instant?
    public var source: String?
    /// The idempotency key.
    public var key: String?
    public init(metric: String, value: Double, at: Instant? = nil, source: String? = nil, key: String? = nil) {
        self.metric = metric; self.value = value; self.at = at; self.source = source; self.key = key
    }
}

/// `observe`: one observation, or `{"observations": [...]}` appended atomically.
public struct ObserveParams: Codable, Hashable, Sendable {
    public var observations: [Observation]
    /// With `true`, an observation with an `at` and no `key` is identified by its content: one
    /// with the same metric, time and value as an observation already appended (or earlier in
    /// the request) is not appended again, and its answer carries the original's seq. What
    /// `okrctl observe --file` sends, so that re-running a file is safe (docs/PROTOCOL.md).
    public var identifyByContent: Bool

    public init(observations: [Observation], identifyByContent: Bool = false) {
        self.observations = observations
        self.identifyByContent = identifyByContent
    }

    enum CodingKeys: String, CodingKey { case observations, identifyByContent }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.observations) {
            observations = try container.decode([Observation].self, forKey: .observations)
            identifyByContent = try container.decodeIfPresent(Bool.self, forKey: .identifyByContent) ?? false
        } else {
            observations = [try Observation(from: decoder)]
            identifyByContent = false
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if observations.count == 1, !identifyByContent {
            try observations[0].encode(to: encoder)
        } else {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(observations, forKey: .observations)
            if identifyByContent { try container.encode(true, forKey: .identifyByContent) }
        }
    }
}
