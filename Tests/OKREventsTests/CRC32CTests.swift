import Testing
@testable import OKREvents

/// The checksum every stored event carries must stay CRC-32C exactly, or every log written
/// before a change would fail `verify`.
@Suite struct CRC32CTests {
    /// Byte-at-a-time from the definition: the reference the fast version is held to.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum([]) == 0)
    }

    /// The processor's instruction and the tables agree at every length and alignment (the
    /// instruction takes 8 bytes at a time, then the rest one by one).
    @Test func instructionAndTablesAgree() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in stride(from: 0, through: all.count - start, by: 7) {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    let previous = UInt32(truncatingIfNeeded: length &* 2_654_435_761)
                    #expect(CRC32C.checksum(slice, continuing: previous) == CRC32C.tableChecksum(slice, continuing: previous),
                            "start \(start) length \(length)")
                }
            }
        }
        #if arch(x86_64)
        #expect(CRC32C.hardware, "every x86-64 processor since 2008 has SSE 4.2")
        #endif
    }

    @Test func everyLengthAndSplitMatchesTheReference() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<80 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let whole = CRC32C.checksum(bytes)
            #expect(whole == Self.reference(bytes), "length \(length)")
            for split in [0, length / 3, length] {
                let first = CRC32C.checksum(Array(bytes[..<split]))
                #expect(CRC32C.checksum(Array(bytes[split...]), continuing: first) == whole, "length \(length) split \(split)")
            }
        }
    }
}
