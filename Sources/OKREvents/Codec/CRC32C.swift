import CCRC32C

/// CRC-32C (Castagnoli), the checksum stored with every event record and snapshot.
///
/// With the processor's CRC-32C instruction where it has one (SSE 4.2, through `CCRC32C`):
/// about 8 bytes a cycle, where the table costs about a nanosecond a byte on the writer thread.
/// Elsewhere table-driven, slicing by 8 over one flat table, eight bytes loaded at a time.
public enum CRC32C {
    /// Whether this processor has the instruction.
    static let hardware = okr_crc32c_hardware_available() != 0

    /// Eight 256-entry tables, one after the other; allocated once and never freed.
    private nonisolated(unsafe) static let table: UnsafePointer<UInt32> = {
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 8 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[index] = crc
        }
        for slice in 1..<8 {
            for index in 0..<256 {
                let previous = table[(slice - 1) * 256 + index]
                table[slice * 256 + index] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return UnsafePointer(table)
    }()

    /// Continues a checksum over `bytes`; start with `0`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard hardware, let base = bytes.baseAddress else { return tableChecksum(bytes, continuing: previous) }
        return ~okr_crc32c_hardware_update(~previous, base, bytes.count)
    }

    /// ``checksum(_:continuing:)-(UnsafeRawBufferPointer,_)`` from the tables, on any processor.
    static func tableChecksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = ~previous
        guard let base = bytes.baseAddress else { return previous }
        let t = table
        let count = bytes.count
        var index = 0
        while count - index >= 8 {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ UInt64(crc)
            let low = UInt32(truncatingIfNeeded: word)
            let high = UInt32(truncatingIfNeeded: word >> 32)
            crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
            index += 8
        }
        while index < count {
            crc = (crc >> 8) ^ t[Int((crc ^ UInt32(base.load(fromByteOffset: index, as: UInt8.self))) & 0xFF)]
            index += 1
        }
        return ~crc
    }

    /// The checksum of a byte array.
    public static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }
}
