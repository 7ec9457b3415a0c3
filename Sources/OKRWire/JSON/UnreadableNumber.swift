#if canImport(Glibc)
import Glibc
#endif

/// A number in valid JSON that no `Double` can hold (`1e400`, `-1e999`): the JSON grammar allows
/// it, Foundation's decoder refuses it without saying where. Found by a pass over the text that
/// skips strings and remembers the last member name.
struct UnreadableNumber: CustomStringConvertible {
    /// The member the number is the value of (`nil` inside an array or at the top).
    var field: String?
    var text: String

    var description: String {
        let what = "the number \(text) is out of range (a finite 64-bit floating-point number is needed)"
        return field.map { "field '\($0)': \(what)" } ?? what
    }

    /// The first such number in `bytes`, if any.
    static func first(in bytes: [UInt8]) -> UnreadableNumber? {
        var index = 0
        var lastString: String?
        var key: String?
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                lastString = String(decoding: bytes[(index + 1)..<min(end, bytes.count)], as: UTF8.self)
                index = end + 1
            case UInt8(ascii: ":"):
                key = lastString
                index += 1
            case UInt8(ascii: "["), UInt8(ascii: ","):
                if byte == UInt8(ascii: "[") { key = nil }
                index += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = index
                while end < bytes.count, Self.isNumberByte(bytes[end]) { end += 1 }
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                if !strtod(text, nil).isFinite { return UnreadableNumber(field: key, text: text) }
                index = end
            default:
                index += 1
            }
        }
        return nil
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"): true
        default: false
        }
    }
}
