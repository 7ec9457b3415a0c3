/// Reads the primitive fields written by ``ByteWriter`` from a borrowed buffer.
///
/// The buffer is typically a page of LMDB's memory map, valid only inside the read transaction;
/// strings are copied out, so decoded values outlive it.
public struct ByteReader {
    private let buffer: UnsafeRawBufferPointer
    /// The offset of the next unread byte.
    public private(set) var offset: Int

    /// Creates a reader over `buffer`, starting at `offset`.
    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        self.buffer = buffer
        self.offset = offset
    }

    /// Bytes not read yet.
    public var remaining: Int { buffer.count - offset }

    private mutating func take(_ count: Int, _ field: StaticString) throws(EventCodecError) -> Int {
        guard count >= 0, remaining >= count else { throw EventCodecError.truncated(field: "\(field)") }
        defer { offset += count }
        return offset
    }

    /// One byte; `field` names what a truncated record was missing.
    public mutating func readUInt8(_ field: StaticString = "byte") throws(EventCodecError) -> UInt8 {
        buffer[try take(1, field)]
    }

    /// Two bytes, big-endian.
    public mutating func readUInt16(_ field: StaticString = "u16") throws(EventCodecError) -> UInt16 {
        UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: try take(2, field), as: UInt16.self))
    }

    /// Four bytes, big-endian.
    public mutating func readUInt32(_ field: StaticString = "u32") throws(EventCodecError) -> UInt32 {
        UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: try take(4, field), as: UInt32.self))
    }

    /// Eight bytes, big-endian.
    public mutating func readUInt64(_ field: StaticString = "u64") throws(EventCodecError) -> UInt64 {
        UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: try take(8, field), as: UInt64.self))
    }

    /// Eight bytes, big-endian, two's complement.
    public mutating func readInt64(_ field: StaticString = "i64") throws(EventCodecError) -> Int64 {
        Int64(bitPattern: try readUInt64(field))
    }

    /// A number from its eight IEEE 754 bytes.
    public mutating func readDouble(_ field: StaticString = "double") throws(EventCodecError) -> Double {
        Double(bitPattern: try readUInt64(field))
    }

    /// A byte that must be 0 or 1.
    public mutating func readBool(_ field: StaticString = "flag") throws(EventCodecError) -> Bool {
        switch try readUInt8(field) {
        case 0: return false
        case 1: return true
        case let other: throw EventCodecError.invalid(field: "\(field)", detail: "flag byte \(other)")
        }
    }

    /// An instant from its microseconds since the epoch.
    public mutating func readInstant(_ field: StaticString = "time") throws(EventCodecError) -> Instant {
        Instant(microsecondsSinceEpoch: try readInt64(field))
    }

    /// A day from its days since the epoch.
    public mutating func readDay(_ field: StaticString = "day") throws(EventCodecError) -> CalendarDay {
        CalendarDay(daysSinceEpoch: Int32(bitPattern: try readUInt32(field)))
    }

    /// An unsigned LEB128 number of at most ten bytes.
    public mutating func readVarint(_ field: StaticString = "varint") throws(EventCodecError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readUInt8(field)
            guard shift < 64 else { throw EventCodecError.invalid(field: "\(field)", detail: "varint too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// A length-prefixed UTF-8 string, refused when not valid UTF-8.
    public mutating func readString(_ field: StaticString = "string") throws(EventCodecError) -> String {
        let length = try readVarint(field)
        guard length <= UInt64(remaining) else { throw EventCodecError.truncated(field: "\(field)") }
        let start = try take(Int(length), field)
        let slice = UnsafeRawBufferPointer(rebasing: buffer[start..<start + Int(length)])
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw EventCodecError.invalid(field: "\(field)", detail: "not UTF-8")
        }
        return text
    }

    /// Reads `count` raw bytes.
    public mutating func readRaw(_ count: Int, _ field: StaticString = "bytes") throws(EventCodecError) -> UnsafeRawBufferPointer {
        let start = try take(count, field)
        return UnsafeRawBufferPointer(rebasing: buffer[start..<start + count])
    }

    /// A presence byte, then a string.
    public mutating func readOptionalString(_ field: StaticString = "string") throws(EventCodecError) -> String? {
        try readBool(field) ? try readString(field) : nil
    }

    /// A presence byte, then a number.
    public mutating func readOptionalDouble(_ field: StaticString = "double") throws(EventCodecError) -> Double? {
        try readBool(field) ? try readDouble(field) : nil
    }

    /// A presence byte, then an instant.
    public mutating func readOptionalInstant(_ field: StaticString = "time") throws(EventCodecError) -> Instant? {
        try readBool(field) ? try readInstant(field) : nil
    }

    /// A stable code, refused when unknown.
    public mutating func read<Code: StableCode>(_ type: Code.Type, _ field: StaticString) throws(EventCodecError) -> Code {
        let byte = try readUInt8(field)
        guard let value = Code(code: byte) else {
            throw EventCodecError.invalid(field: "\(field)", detail: "unknown code \(byte)")
        }
        return value
    }

    /// A stable code, 0 for none.
    public mutating func readOptional<Code: StableCode>(_ type: Code.Type, _ field: StaticString) throws(EventCodecError) -> Code? {
        try readBool(field) ? try read(type, field) : nil
    }
}
