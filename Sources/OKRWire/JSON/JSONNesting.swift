/// How deep a JSON text nests, found without parsing it: a guard in front of Foundation's
/// decoder for untrusted lines.
///
/// Foundation's JSON parser (swift-foundation, Swift 6.3.1) stops at 512 levels, and traps while
/// describing where when the 513th opening bracket is the text's last byte: the line `[` × 513
/// killed okrd (found by `SocketFuzzTests`' long form). Lines nested deeper than ``limit`` are
/// refused before Foundation sees them.
public enum JSONNesting {
    /// Deeper than any request needs, and well short of Foundation's 512.
    public static let limit = 256

    /// Whether `text` opens more than `limit` arrays or objects at once (brackets inside
    /// strings do not count). Linear, no allocation.
    public static func exceeds(_ text: [UInt8], limit: Int = limit) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in text {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return false
    }
}
