/// Appends the primitive fields of okr's binary event format to a byte buffer.
///
/// Fixed-width integers and doubles are little-endian; lengths and counts are LEB128 varints;
/// optionals carry a presence byte (0 or 1). The layout of each payload is its field order, so
/// a payload's `write(to:)` and `init(from:version:)` must change together, under a new version.
public struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer with room for `capacity` bytes.
    public init(capacity: Int = 128) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Forgets what was written, keeping the storage for the next use.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// One byte.
    public mutating func write(_ value: UInt8) { bytes.append(value) }

    /// Two bytes, big-endian.
    public mutating func write(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    /// Four bytes, big-endian.
    public mutating func write(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Eight bytes, big-endian.
    public mutating func write(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// Eight bytes, big-endian, two's complement.
    public mutating func write(_ value: Int64) { write(UInt64(bitPattern: value)) }

    /// The IEEE 754 bits, as eight bytes.
    public mutating func write(_ value: Double) { write(value.bitPattern) }

    /// One byte: 1 or 0.
    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Microseconds since the epoch, as eight bytes.
    public mutating func write(_ value: Instant) { write(value.microsecondsSinceEpoch) }

    /// Days since the epoch, as four bytes.
    public mutating func write(_ value: CalendarDay) { write(UInt32(bitPattern: value.daysSinceEpoch)) }

    /// An unsigned LEB128 varint.
    public mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A UTF-8 string, prefixed by its byte length.
    public mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Raw bytes with no length prefix.
    public mutating func writeRaw<Bytes: Sequence>(_ raw: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    /// A presence byte, then the string.
    public mutating func write(_ value: String?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// A presence byte, then the number.
    public mutating func write(_ value: Double?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// A presence byte, then the instant.
    public mutating func write(_ value: Instant?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// A value with a stable one-byte code (the domain's enums).
    public mutating func write<Code: StableCode>(_ value: Code) { bytes.append(value.code) }

    /// The stable code, 0 for none.
    public mutating func write<Code: StableCode>(_ value: Code?) {
        write(value != nil)
        if let value { bytes.append(value.code) }
    }

    /// Overwrites four bytes at `offset` (used for the checksum slot of a record).
    mutating func patch(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(index * 8)) }
    }
}

/// A value stored as one stable byte, so that reordering or renaming cases never changes stored history.
public protocol StableCode: Sendable {
    /// The byte stored for this value. Never reuse or change a code.
    var code: UInt8 { get }
    /// The value for a stored byte, or `nil` for a byte no version ever wrote.
    init?(code: UInt8)
}
