/// One parent of an objective and the weight its child's score carries in the parent's (SPEC §10).
public struct ObjectiveParent: Codable, Hashable, Sendable {
    /// The parent objective's id, in any cycle.
    public var id: String
    /// In (0, 1000]; 1 unless said otherwise.
    public var weight: Double

    public init(id: String, weight: Double = 1) {
        self.id = id
        self.weight = weight
    }

    /// The largest weight a link may carry.
    public static let maxWeight: Double = 1000
}

extension ByteWriter {
    /// A list of parents: a varint count, then id and weight of each.
    public mutating func write(_ parents: [ObjectiveParent]) {
        writeVarint(UInt64(parents.count))
        for parent in parents {
            write(parent.id)
            write(parent.weight)
        }
    }
}

extension ByteReader {
    /// A list of parents written by ``ByteWriter/write(_:)-([ObjectiveParent])``.
    public mutating func readParents(_ field: StaticString) throws(EventCodecError) -> [ObjectiveParent] {
        let count = try readVarint(field)
        guard count <= 10_000 else { throw EventCodecError.invalid(field: "\(field)", detail: "\(count) parents") }
        var parents: [ObjectiveParent] = []
        for _ in 0..<count {
            parents.append(ObjectiveParent(id: try readString(field), weight: try readDouble(field)))
        }
        return parents
    }
}
