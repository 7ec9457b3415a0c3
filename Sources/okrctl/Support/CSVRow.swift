/// The fields of one CSV line (RFC 4180 quoting: `"a,b"`, `""` for a quote), unquoted into one
/// buffer that is reused from line to line: a million-row import allocates nothing per row.
struct CSVFields {
    private(set) var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    /// Splits `line`; `false` for an unterminated quote (a field spanning lines is not supported).
    mutating func split(_ line: UnsafeRawBufferPointer) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var quoted = false
        var atFieldStart = true
        var index = 0
        while index < line.count {
            let byte = line[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    // Either the closing quote or the first of a doubled quote.
                    if index < line.count, line[index] == UInt8(ascii: "\"") {
                        bytes.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    bytes.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                ends.append(bytes.count)
                atFieldStart = true
                continue
            case UInt8(ascii: "\"") where atFieldStart:
                quoted = true
            default:
                bytes.append(byte)
            }
            atFieldStart = false
        }
        guard !quoted else { return false }
        ends.append(bytes.count)
        return true
    }

    /// Field `index` without the spaces and tabs around it.
    func trimmed(_ index: Int) -> Range<Int> {
        var start = index == 0 ? 0 : ends[index - 1]
        var end = ends[index]
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start..<end
    }

    /// Field `index` as text (trimmed), for headers and messages.
    func text(_ index: Int) -> String { String(decoding: bytes[trimmed(index)], as: UTF8.self) }

    /// Field `index` as it was written (spaces kept), for free text such as a note.
    func text(untrimmed index: Int) -> String {
        String(decoding: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]], as: UTF8.self)
    }
}
