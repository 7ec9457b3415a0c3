import OKREvents

/// The answer to `due` (SPEC §9): what needs someone now, one item each, with its owner.
public struct DueReport: Codable, Hashable, Sendable {
    /// Why an item is due.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// A key result with no check-in within the check-in interval.
        case checkIn = "checkin"
        /// A key result's metric feed has gone quiet (OKR005).
        case quietFeed = "feed"
        /// An insight expires within the window (`--within`).
        case expiringInsight = "insight"
        /// A committed objective whose forecast score is below 1.
        case commitmentAtRisk = "commitment"
        /// A KPI out of its band (SPEC §14).
        case unhealthyKPI = "kpi"
    }

    /// One thing that needs someone.
    public struct Item: Codable, Hashable, Sendable {
        /// Who it needs: the key result's owner (its own, else its objective's), the insight's
        /// subject's, the objective's; `nil` when nobody owns it.
        public var owner: String?
        /// The key result, objective or insight it is about.
        public var subject: String
        public var kind: Kind
        /// When it became due (or, for an insight, when it expires); `nil` for a commitment at risk.
        public var since: Instant?
        public var message: String

        public init(owner: String?, subject: String, kind: Kind, since: Instant?, message: String) {
            self.owner = owner; self.subject = subject; self.kind = kind; self.since = since; self.message = message
        }

        enum CodingKeys: String, CodingKey { case owner, subject, kind, since, message }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(owner, forKey: .owner)
            try container.encode(subject, forKey: .subject)
            try container.encode(kind, forKey: .kind)
            try container.encode(since, forKey: .since)
            try container.encode(message, forKey: .message)
        }
    }

    public var asOf: Instant
    public var items: [Item]

    public init(asOf: Instant, items: [Item]) {
        self.asOf = asOf
        self.items = items
    }
}
