import OKREvents

/// A type that writes its own JSON text, with its keys in Foundation's sorted order, straight
/// into the encoder's buffer: for the large answers (`status` over hundreds of key results) where
/// going through `Encoder` containers cost most of the request. Each conformance must write the
/// exact bytes its `Encodable` conformance gives under `JSONEncoder` with sorted keys; the tests
/// compare the two.
protocol DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber)
}

/// Appends JSON text to a byte buffer: objects, arrays of self-writing values and scalars, with
/// the caller responsible for the key order.
struct JSONWriter {
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

    /// A member whose value is an array of values that write themselves, or `null`.
    mutating func field(_ key: StaticString, _ items: [some DirectJSONWritable]?) throws(NonFiniteNumber) {
        guard let items else {
            self.key(key)
            bytes.append(contentsOf: "null".utf8)
            needsComma = true
            return
        }
        try field(key, items)
    }

    /// A member whose value is an array of unsigned integers.
    mutating func field(_ key: StaticString, integers: [UInt64]) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in integers.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.appendDecimal(value)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member whose value is an array of values that write themselves.
    mutating func field(_ key: StaticString, _ items: [some DirectJSONWritable]) throws(NonFiniteNumber) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            try item.writeJSON(to: &self)
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }
}

extension CalendarDay: CompactJSONScalar {
    func appendJSON(to output: inout [UInt8]) { output.appendJSONString(description) }
}
