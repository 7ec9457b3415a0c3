import OKREvents
import OKRProjections

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
        let root = try state.node(for: value, parent: nil, key: nil)
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
    /// Key lists seen in this answer and their sorted order.
    var shapes: [(keys: [String], order: [Int])] = []

    init() { scalars.reserveCapacity(4096) }

    /// The node of `value`, found under `key` of `parent`'s container (the coding path is built
    /// only for an error: building it for every value cost an array per value).
    func node(for value: some Encodable, parent: CompactEncoder?, key: (any CodingKey)?) throws -> JSONNode {
        // One conformance check covers the common scalars and their optionals.
        if let scalar = value as? any CompactJSONScalar { return try self.scalar(scalar, parent: parent, key: key) }
        if let members = value as? any JSONMembers {
            // The large answer named, so that its members are written by code specialized for
            // it (the members are inlinable) rather than one generic call and metadata lookup
            // per member: 7–8% of `status` (BENCHMARKS.md, issue 30).
            if let report = members as? StatusReport { return try self.direct(report, parent: parent, key: key) }
            return try self.direct(members, parent: parent, key: key)
        }
        switch value {
        // Every other primitive, so that none is sent back to its own `encode(to:)` (which
        // would come straight back here).
        case let integer as any BinaryInteger: return scalar { $0.append(contentsOf: "\(integer)".utf8) }
        default:
            let encoder = CompactEncoder(state: self, parent: parent, key: key)
            try value.encode(to: encoder)
            return encoder.result
        }
    }

    func scalar(_ body: (inout [UInt8]) -> Void) -> JSONNode {
        let start = scalars.count
        body(&scalars)
        return .scalar(start..<scalars.count)
    }

    /// The node of a scalar known statically (no cast).
    func scalar(_ value: some CompactJSONScalar, parent: CompactEncoder?, key: (any CodingKey)?) throws -> JSONNode {
        let start = scalars.count
        do {
            try value.appendJSON(to: &scalars)
        } catch {
            throw EncodingError.invalidValue(error.value, .init(codingPath: CompactEncoder.path(parent, key),
                                                                debugDescription: "Unable to encode \(error.value) directly in JSON."))
        }
        return .scalar(start..<scalars.count)
    }

    /// The node of a value that lists its own members (kept as one run of bytes).
    func direct<Value: JSONMembers>(_ value: Value, parent: CompactEncoder?, key: (any CodingKey)?) throws -> JSONNode {
        let start = scalars.count
        var writer = JSONWriter(bytes: scalars)
        scalars = []
        defer { scalars = writer.bytes }
        do {
            try writer.object(value)
        } catch {
            throw EncodingError.invalidValue(error.value, .init(codingPath: CompactEncoder.path(parent, key),
                                                                debugDescription: "Unable to encode \(error.value) directly in JSON."))
        }
        return .scalar(start..<writer.bytes.count)
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
            let entries = object.entries
            for (index, position) in order(of: entries).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.appendJSONString(entries[position].key)
                output.append(UInt8(ascii: ":"))
                write(entries[position].value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

extension EncodingState {
    /// The positions of `entries` in key order (UTF-8 bytes, as Foundation sorts). Objects of one
    /// type come with the same keys in the same order, so each shape is sorted once per answer.
    func order(of entries: [(key: String, value: JSONNode)]) -> [Int] {
        for shape in shapes where shape.keys.count == entries.count {
            if zip(shape.keys, entries).allSatisfy({ $0 == $1.key }) { return shape.order }
        }
        let order = entries.indices.sorted { entries[$0].key.utf8.lexicographicallyPrecedes(entries[$1].key.utf8) }
        if shapes.count < 16 { shapes.append((entries.map(\.key), order)) }
        return order
    }
}

/// A value written as one JSON scalar (or `null`), without going through an `Encoder`.
protocol CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) throws(NonFiniteNumber)
}

/// A NaN or infinity met on the way; the caller adds the coding path.
struct NonFiniteNumber: Error {
    var value: any Sendable
}

extension String: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) { output.appendJSONString(self) }
}

extension Int: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) { output.appendDecimal(Int64(self)) }
}

extension Bool: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) { output.append(contentsOf: (self ? "true" : "false").utf8) }
}

extension Double: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) throws(NonFiniteNumber) { try output.appendJSONNumber(self) }
}

extension Float: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) throws(NonFiniteNumber) { try output.appendJSONNumber(self) }
}

extension Instant: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        appendRFC3339(to: &output)
        output.append(UInt8(ascii: "\""))
    }
}

extension Optional: CompactJSONScalar where Wrapped: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) throws(NonFiniteNumber) {
        if let value = self { try value.appendJSON(to: &output) } else { output.append(contentsOf: "null".utf8) }
    }
}

/// The `Encoder` handed to each non-scalar value.
final class CompactEncoder: Encoder {
    let state: EncodingState
    let parent: CompactEncoder?
    let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var result: JSONNode = .empty

    init(state: EncodingState, parent: CompactEncoder?, key: (any CodingKey)?) {
        self.state = state
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] { Self.path(parent, key) }

    static func path(_ parent: CompactEncoder?, _ key: (any CodingKey)?) -> [any CodingKey] {
        (parent?.codingPath ?? []) + (key.map { [$0] } ?? [])
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
        object.entries.append((key.stringValue, try encoder.state.node(for: value, parent: encoder, key: key)))
    }

    // The common scalars without a dynamic cast.
    mutating func encode(_ value: String, forKey key: Key) throws { try encodeScalar(value, forKey: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encodeScalar(value, forKey: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeScalar(value, forKey: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encodeScalar(value, forKey: key) }

    private mutating func encodeScalar(_ value: some CompactJSONScalar, forKey key: Key) throws {
        object.entries.append((key.stringValue, try encoder.state.scalar(value, parent: encoder, key: key)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = CompactEncoder(state: encoder.state, parent: encoder, key: key)
        let container = nested.container(keyedBy: keyType)
        object.entries.append((key.stringValue, nested.result))
        return container
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = CompactEncoder(state: encoder.state, parent: encoder, key: key)
        let container = nested.unkeyedContainer()
        object.entries.append((key.stringValue, nested.result))
        return container
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = CompactEncoder(state: encoder.state, parent: encoder, key: key)
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
        array.items.append(try encoder.state.node(for: value, parent: encoder, key: JSONIndexKey(count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = CompactEncoder(state: encoder.state, parent: encoder, key: JSONIndexKey(count))
        let container = nested.container(keyedBy: keyType)
        array.items.append(nested.result)
        return container
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = CompactEncoder(state: encoder.state, parent: encoder, key: JSONIndexKey(count))
        let container = nested.unkeyedContainer()
        array.items.append(nested.result)
        return container
    }

    mutating func superEncoder() -> any Encoder {
        let nested = CompactEncoder(state: encoder.state, parent: encoder, key: JSONIndexKey(count))
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
        encoder.result = try encoder.state.node(for: value, parent: encoder.parent, key: encoder.key)
    }

    mutating func encode(_ value: String) throws { encoder.result = try encoder.state.scalar(value, parent: encoder.parent, key: encoder.key) }

    mutating func encode(_ value: Double) throws { encoder.result = try encoder.state.scalar(value, parent: encoder.parent, key: encoder.key) }
}

extension [UInt8] {
    /// Appends a number as Foundation writes it: its shortest description, without a trailing `.0`.
    mutating func appendJSONNumber(_ value: some BinaryFloatingPoint & LosslessStringConvertible & Sendable) throws(NonFiniteNumber) {
        guard value.isFinite else { throw NonFiniteNumber(value: value) }
        // Integral values print as their integer when they fit one exactly (Foundation's form too).
        if let integer = Int64(exactly: value), integer.magnitude < 1 << 53, value != 0 || value.sign == .plus {
            appendDecimal(integer)
            return
        }
        let start = count
        append(contentsOf: value.description.utf8)
        if count - start >= 2, self[count - 2] == UInt8(ascii: "."), self[count - 1] == UInt8(ascii: "0") { removeLast(2) }
    }

    /// Appends `string` as a JSON string literal, escaped as Foundation escapes it (slashes kept).
    public mutating func appendJSONString(_ string: String) {
        // Native strings are contiguous UTF-8: scan and copy them as a buffer, not byte by byte
        // through the generic view.
        let done: Void? = string.utf8.withContiguousStorageIfAvailable { appendJSONString(bytes: UnsafeRawBufferPointer($0)) }
        if done == nil { appendJSONString(utf8: string.utf8) }
    }

    /// Appends `value` in decimal, as `String(value)` spells it, without making a string.
    public mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
    }

    /// Appends `value` in decimal, as `String(value)` spells it, without making a string.
    public mutating func appendDecimal(_ value: UInt64) {
        var magnitude = value
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written backwards
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// Appends UTF-8 bytes (the caller has checked they are valid) as a JSON string literal:
    /// the concrete form that bulk writers call once per field.
    public mutating func appendJSONString(bytes text: UnsafeRawBufferPointer) {
        appendJSONString(utf8: text)
    }

    /// Appends UTF-8 text (the caller has checked it is valid) as a JSON string literal.
    public mutating func appendJSONString(utf8 text: some Collection<UInt8>) {
        append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        if !text.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            append(contentsOf: text)
            append(UInt8(ascii: "\""))
            return
        }
        for byte in text {
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
