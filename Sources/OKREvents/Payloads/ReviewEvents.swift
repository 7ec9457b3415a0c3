/// A review conversation begun (SPEC §15): a cycle's objectives, or one team's, gathered for a
/// mid-cycle check or the closing grade, scored as of the event's effective time.
public struct ReviewStarted: EventData {
    public static let eventType = EventType.reviewStarted
    public var id: String
    public var cycle: String
    public var kind: ReviewKind
    /// The team whose objectives it gathers; `nil` for the whole cycle's.
    public var team: String?

    public init(id: String, cycle: String, kind: ReviewKind, team: String? = nil) {
        (self.id, self.cycle, self.kind, self.team) = (id, cycle, kind, team)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(cycle)
        writer.write(kind)
        writer.write(team)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        cycle = try reader.readString("cycle")
        kind = try reader.read(ReviewKind.self, "kind")
        team = try reader.readOptionalString("team")
    }
}

/// A retrospective on one objective (SPEC §15): how it went (a rating 1–5 and an outcome), what
/// was learned and what happens next. The latest per objective wins.
public struct RetrospectiveRecorded: EventData {
    public static let eventType = EventType.retrospectiveRecorded
    public var objective: String
    /// 1 (poorly) to 5 (very well).
    public var rating: Int
    public var outcome: RetrospectiveOutcome
    public var learned: String?
    public var next: String?
    /// The review it was recorded in, when one.
    public var review: String?

    public init(objective: String, rating: Int, outcome: RetrospectiveOutcome, learned: String? = nil, next: String? = nil,
                review: String? = nil) {
        (self.objective, self.rating, self.outcome) = (objective, rating, outcome)
        (self.learned, self.next, self.review) = (learned, next, review)
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(objective)
        writer.write(UInt8(clamping: rating))
        writer.write(outcome)
        writer.write(learned)
        writer.write(next)
        writer.write(review)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        objective = try reader.readString("objective")
        rating = Int(try reader.readUInt8("rating"))
        outcome = try reader.read(RetrospectiveOutcome.self, "outcome")
        learned = try reader.readOptionalString("learned")
        next = try reader.readOptionalString("next")
        review = try reader.readOptionalString("review")
    }
}

/// A reviewer's acknowledgement of a check-in or retrospective (SPEC §15), naming its event by seq.
public struct Acknowledged: EventData {
    public static let eventType = EventType.acknowledged
    /// The seq of the `CheckInRecorded` or `RetrospectiveRecorded` event acknowledged.
    public var seq: UInt64
    public var note: String?

    public init(seq: UInt64, note: String? = nil) {
        (self.seq, self.note) = (seq, note)
    }

    public func write(to writer: inout ByteWriter) {
        writer.writeVarint(seq)
        writer.write(note)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        seq = try reader.readVarint("seq")
        note = try reader.readOptionalString("note")
    }
}
