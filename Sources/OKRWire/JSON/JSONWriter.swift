import OKREvents

/// Appends the JSON text of a ``OKREvents/JSONMembers`` value straight to the encoder's buffer:
/// for the large answers (`status` over hundreds of key results) where going through `Encoder`
/// containers cost most of the request (BENCHMARKS.md). The members come in sorted key order from
/// the value's one list, which Foundation's encoder reads too; the tests compare the two's bytes.
struct JSONWriter: JSONMemberWriter {
    var bytes: [UInt8]
    private var needsComma = false

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// An object whose `body` writes its members with ``field(_:_:)`` in sorted key order.
    mutating func object(_ body: (inout JSONWriter) throws(NonFiniteNumber) -> Void) throws(NonFiniteNumber) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        try body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    /// `"key":` (the key needs no escaping: okr's keys are ASCII identifiers).
    mutating func key(_ key: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Two single appends: an array literal here was an allocation per key.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member whose value is a scalar (or `null`).
    mutating func field(_ key: StaticString, _ value: some CompactJSONScalar) throws(NonFiniteNumber) {
        self.key(key)
        try value.appendJSON(to: &bytes)
        needsComma = true
    }

    /// A member whose value is a string-backed enum.
    mutating func field<Value: RawRepresentable<String>>(_ key: StaticString, _ value: Value) {
        self.key(key)
        bytes.appendJSONString(value.rawValue)
        needsComma = true
    }

    /// A member whose value is a string-backed enum or `null`.
    mutating func field<Value: RawRepresentable<String>>(_ key: StaticString, _ value: Value?) {
        self.key(key)
        if let value { bytes.appendJSONString(value.rawValue) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }

    /// The members of `value` as one object.
    mutating func object(_ value: some JSONMembers) throws(NonFiniteNumber) {
        try object { json throws(NonFiniteNumber) in try value.members(into: &json) }
    }

    mutating func member(_ key: StaticString, _ value: String?) throws(NonFiniteNumber) { try field(key, value) }
    mutating func member(_ key: StaticString, _ value: Double?) throws(NonFiniteNumber) { try field(key, value) }
    mutating func member(_ key: StaticString, _ value: Int?) throws(NonFiniteNumber) { try field(key, value) }
    mutating func member(_ key: StaticString, _ value: Bool?) throws(NonFiniteNumber) { try field(key, value) }
    mutating func member(_ key: StaticString, _ value: Instant?) throws(NonFiniteNumber) { try field(key, value) }
    mutating func member(_ key: StaticString, _ value: CalendarDay?) throws(NonFiniteNumber) { try field(key, value) }
    mutating func member<Value: RawRepresentable<String> & Encodable>(_ key: StaticString, _ value: Value?) { field(key, value) }

    /// A member whose value is an array of unsigned integers.
    mutating func member(_ key: StaticString, _ values: [UInt64]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.appendDecimal(value)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member whose value is an array of objects, or `null`.
    mutating func member<Value: JSONMembers>(_ key: StaticString, _ values: [Value]?) throws(NonFiniteNumber) {
        self.key(key)
        guard let values else {
            bytes.append(contentsOf: "null".utf8)
            needsComma = true
            return
        }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try object(value)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }
}

extension CalendarDay: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) { output.appendJSONString(description) }
}
