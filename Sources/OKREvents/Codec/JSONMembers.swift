/// A type whose JSON members are listed once, in sorted key order (UTF-8 bytes, as
/// Foundation's `.sortedKeys` sorts them), for every writer: okrd's direct writer for large
/// answers, and Foundation's containers (``encodeMembers(to:)``) for everything else. `nil`
/// members are written as `null`.
public protocol JSONMembers: Encodable {
    func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure)
}

/// Where a ``JSONMembers`` value writes its members, one call per member.
public protocol JSONMemberWriter {
    associatedtype Failure: Error
    mutating func member(_ key: StaticString, _ value: String?) throws(Failure)
    mutating func member(_ key: StaticString, _ value: Double?) throws(Failure)
    mutating func member(_ key: StaticString, _ value: Int?) throws(Failure)
    mutating func member(_ key: StaticString, _ value: Bool?) throws(Failure)
    mutating func member(_ key: StaticString, _ value: Instant?) throws(Failure)
    mutating func member(_ key: StaticString, _ value: CalendarDay?) throws(Failure)
    mutating func member(_ key: StaticString, _ values: [UInt64]) throws(Failure)
    mutating func member<Value: RawRepresentable<String> & Encodable>(_ key: StaticString, _ value: Value?) throws(Failure)
    mutating func member<Value: JSONMembers>(_ key: StaticString, _ values: [Value]?) throws(Failure)
}

extension JSONMembers {
    /// Encodes the members through `encoder`'s keyed container: the `encode(to:)` of a type that
    /// writes its `nil` members as `null`.
    public func encodeMembers(to encoder: any Encoder) throws {
        var writer = ContainerMemberWriter(container: encoder.container(keyedBy: MemberKey.self))
        try members(into: &writer)
    }
}

/// A member's name as a coding key.
struct MemberKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ key: StaticString) { stringValue = key.description }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Writes members into a keyed encoding container, `nil` as `null`.
struct ContainerMemberWriter: JSONMemberWriter {
    var container: KeyedEncodingContainer<MemberKey>

    mutating func member(_ key: StaticString, _ value: String?) throws(any Error) { try container.encode(value, forKey: MemberKey(key)) }
    mutating func member(_ key: StaticString, _ value: Double?) throws(any Error) { try container.encode(value, forKey: MemberKey(key)) }
    mutating func member(_ key: StaticString, _ value: Int?) throws(any Error) { try container.encode(value, forKey: MemberKey(key)) }
    mutating func member(_ key: StaticString, _ value: Bool?) throws(any Error) { try container.encode(value, forKey: MemberKey(key)) }
    mutating func member(_ key: StaticString, _ value: Instant?) throws(any Error) { try container.encode(value, forKey: MemberKey(key)) }
    mutating func member(_ key: StaticString, _ value: CalendarDay?) throws(any Error) { try container.encode(value, forKey: MemberKey(key)) }
    mutating func member(_ key: StaticString, _ values: [UInt64]) throws(any Error) { try container.encode(values, forKey: MemberKey(key)) }
    mutating func member<Value: RawRepresentable<String> & Encodable>(_ key: StaticString, _ value: Value?) throws(any Error) {
        try container.encode(value, forKey: MemberKey(key))
    }
    mutating func member<Value: JSONMembers>(_ key: StaticString, _ values: [Value]?) throws(any Error) {
        try container.encode(values, forKey: MemberKey(key))
    }
}
