/// A cycle (usually a quarter) was defined: `[start, end]` are inclusive UTC days.
public struct CycleDefined: EventData {
    public static let eventType = EventType.cycleDefined
    public var id: String
    public var name: String
    public var start: CalendarDay
    public var end: CalendarDay

    public init(id: String, name: String, start: CalendarDay, end: CalendarDay) {
        self.id = id
        self.name = name
        self.start = start
        self.end = end
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(name)
        writer.write(start)
        writer.write(end)
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        name = try reader.readString("name")
        start = try reader.readDay("start")
        end = try reader.readDay("end")
    }
}

/// A score frozen when a cycle closed, so later formula changes never rewrite history.
public struct FrozenScore: Codable, Hashable, Sendable {
    /// The key result or objective id.
    public var id: String
    /// Its score at close; `nil` when it had no data.
    public var score: Double?

    public init(id: String, score: Double?) {
        self.id = id
        self.score = score
    }
}

/// A cycle was closed, carrying every key result's and objective's final score.
public struct CycleClosed: EventData {
    public static let eventType = EventType.cycleClosed
    public var id: String
    public var keyResults: [FrozenScore]
    public var objectives: [FrozenScore]

    public init(id: String, keyResults: [FrozenScore] = [], objectives: [FrozenScore] = []) {
        self.id = id
        self.keyResults = keyResults
        self.objectives = objectives
    }

    public func write(to writer: inout ByteWriter) {
        writer.write(id)
        for scores in [keyResults, objectives] {
            writer.writeVarint(UInt64(scores.count))
            for frozen in scores {
                writer.write(frozen.id)
                writer.write(frozen.score)
            }
        }
    }

    public init(from reader: inout ByteReader, version: UInt16) throws(EventCodecError) {
        try Self.requireVersion(version, upTo: 1)
        id = try reader.readString("id")
        var lists: [[FrozenScore]] = []
        for _ in 0..<2 {
            let count = try reader.readVarint("score count")
            guard count <= UInt64(reader.remaining) else { throw .truncated(field: "scores") }
            var scores: [FrozenScore] = []
            for _ in 0..<count {
                scores.append(FrozenScore(id: try reader.readString("score id"), score: try reader.readOptionalDouble("score")))
            }
            lists.append(scores)
        }
        keyResults = lists[0]
        objectives = lists[1]
    }
}

extension EventData {
    /// Rejects versions newer than this build knows (an older okrd reading a newer log).
    static func requireVersion(_ version: UInt16, upTo known: UInt16) throws(EventCodecError) {
        guard version >= 1, version <= known else { throw .unsupportedVersion(type: eventType, version: version) }
    }
}
