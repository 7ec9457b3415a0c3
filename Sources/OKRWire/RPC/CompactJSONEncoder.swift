/// A JSON encoder for okrd's answers: the bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]`, several times faster.
///
/// Foundation spent 87% of a 500-KR `status` in encoding (BENCHMARKS.md): a dynamic cast per
/// value to look for `Date`, `URL` and `Data`, a dictionary per object, and key sorting through
/// `String` comparison. This encoder writes scalars straight into one byte buffer, keeps objects
/// as (key, range) lists, and sorts keys by their UTF-8 bytes (the same order for okr's ASCII keys).
/// Non-finite numbers are refused, as Foundation's default strategy does.
public struct CompactJSONEncoder: Sendable {
    public init() {}

    /// The JSON text of `value`.
    public func encode(_ value: some Encodable) throws -> [UInt8] {
        let state = EncodingState()
        let root = try state.node(for: value, codingPath: [])
        var output: [UInt8] = []
        output.reserveCapacity(state.scalars.count + 64)
        state.write(root, to: &output)
        return output
    }
}

/// What one encoded value became: a run of scalar bytes, or a container.
enum JSONNode {
    case scalar(Range<Int>)
    case object(JSONObject)
    case array(JSONArray)
    /// A container that was asked for but never written to (Foundation writes `{}`).
    case empty
}

final class JSONObject {
    var entries: [(key: String, value: JSONNode)] = []
}

final class JSONArray {
    var items: [JSONNode] = []
}

/// The buffer every scalar of one `encode` call is written into, and the tree over it.
final class EncodingState {
    var scalars: [UInt8] = []

    init() { scalars.reserveCapacity(4096) }

    func node(for value: some Encodable, codingPath: [any CodingKey]) throws -> JSONNode {
        switch value {
        case let string as String: return scalar { $0.appendJSONString(string) }
        case let double as Double: return try number(double, codingPath)
        case let int as Int: return scalar { $0.append(contentsOf: String(int).utf8) }
        case let bool as Bool: return scalar { $0.append(contentsOf: (bool ? "true" : "false").utf8) }
        // Every other primitive, so that none is sent back to its own `encode(to:)` (which
        // would come straight back here).
        case let integer as any BinaryInteger: return scalar { $0.append(contentsOf: "\(integer)".utf8) }
        case let float as Float:
            guard float.isFinite else {
                throw EncodingError.invalidValue(float, .init(codingPath: codingPath, debugDescription: "Unable to encode Float.\(float) directly in JSON."))
            }
            var text = float.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return scalar { $0.append(contentsOf: text.utf8) }
        default:
            let encoder = CompactEncoder(state: self, codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.result
        }
    }

    func scalar(_ body: (inout [UInt8]) -> Void) -> JSONNode {
        let start = scalars.count
        body(&scalars)
        return .scalar(start..<scalars.count)
    }

    func number(_ value: Double, _ codingPath: [any CodingKey]) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return scalar { $0.append(contentsOf: text.utf8) }
    }

    func write(_ node: JSONNode, to output: inout [UInt8]) {
        switch node {
        case .scalar(let range): output.append(contentsOf: scalars[range])
        case .empty: output.append(contentsOf: "{}".utf8)
        case .array(let array):
            output.append(UInt8(ascii: "["))
            for (index, item) in array.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let sorted = object.entries.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, entry) in sorted.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.appendJSONString(entry.key)
                output.append(UInt8(ascii: ":"))
                write(entry.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

/// The `Encoder` handed to each non-scalar value.
final class CompactEncoder: Encoder {
    let state: EncodingState
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var result: JSONNode = .empty

    init(state: EncodingState, codingPath: [any CodingKey]) {
        self.state = state
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object) = result { return KeyedEncodingContainer(KeyedContainer(object: object, encoder: self)) }
        let object = JSONObject()
        result = .object(object)
        return KeyedEncodingContainer(KeyedContainer(object: object, encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array) = result { return UnkeyedContainer(array: array, encoder: self) }
        let array = JSONArray()
        result = .array(array)
        return UnkeyedContainer(array: array, encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(encoder: self) }
}

struct JSONIndexKey: CodingKey {
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}

struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObject
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws {
        object.entries.append((key.stringValue, encoder.state.scalar { $0.append(contentsOf: "null".utf8) }))
    }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        object.entries.append((key.stringValue, try encoder.state.node(for: value, codingPath: codingPath + [key])))
    }

    // The common scalars without a dynamic cast.
    mutating func encode(_ value: String, forKey key: Key) throws {
        object.entries.append((key.stringValue, encoder.state.scalar { $0.appendJSONString(value) }))
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        object.entries.append((key.stringValue, try encoder.state.number(value, codingPath + [key])))
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        object.entries.append((key.stringValue, encoder.state.scalar { $0.append(contentsOf: String(value).utf8) }))
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        object.entries.append((key.stringValue, encoder.state.scalar { $0.append(contentsOf: (value ? "true" : "false").utf8) }))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = CompactEncoder(state: encoder.state, codingPath: codingPath + [key])
        let container = nested.container(keyedBy: keyType)
        object.entries.append((key.stringValue, nested.result))
        return container
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = CompactEncoder(state: encoder.state, codingPath: codingPath + [key])
        let container = nested.unkeyedContainer()
        object.entries.append((key.stringValue, nested.result))
        return container
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = CompactEncoder(state: encoder.state, codingPath: codingPath + [key])
        let object = JSONObject()
        nested.result = .object(object)
        self.object.entries.append((key.stringValue, .object(object)))
        return nested
    }
}

struct UnkeyedContainer: UnkeyedEncodingContainer {
    let array: JSONArray
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(encoder.state.scalar { $0.append(contentsOf: "null".utf8) }) }

    mutating func encode(_ value: some Encodable) throws {
        array.items.append(try encoder.state.node(for: value, codingPath: codingPath + [JSONIndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = CompactEncoder(state: encoder.state, codingPath: codingPath + [JSONIndexKey(count)])
        let container = nested.container(keyedBy: keyType)
        array.items.append(nested.result)
        return container
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = CompactEncoder(state: encoder.state, codingPath: codingPath + [JSONIndexKey(count)])
        let container = nested.unkeyedContainer()
        array.items.append(nested.result)
        return container
    }

    mutating func superEncoder() -> any Encoder {
        let nested = CompactEncoder(state: encoder.state, codingPath: codingPath + [JSONIndexKey(count)])
        let object = JSONObject()
        nested.result = .object(object)
        array.items.append(.object(object))
        return nested
    }
}

struct SingleContainer: SingleValueEncodingContainer {
    let encoder: CompactEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.result = encoder.state.scalar { $0.append(contentsOf: "null".utf8) } }

    mutating func encode(_ value: some Encodable) throws {
        encoder.result = try encoder.state.node(for: value, codingPath: codingPath)
    }

    mutating func encode(_ value: String) throws { encoder.result = encoder.state.scalar { $0.appendJSONString(value) } }

    mutating func encode(_ value: Double) throws { encoder.result = try encoder.state.number(value, codingPath) }
}

extension [UInt8] {
    /// Appends `string` as a JSON string literal, escaped as Foundation escapes it (slashes kept).
    mutating func appendJSONString(_ string: String) {
        append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }
}
