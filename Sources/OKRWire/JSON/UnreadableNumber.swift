#if canImport(Glibc)
import Glibc
#endif

/// A number in valid JSON that no `Double` can hold (`1e400`, `-1e999`): the JSON grammar allows
/// it, Foundation's decoder refuses it without saying where. Found by walking the text with
/// ``JSONScanner``, remembering the member each value belongs to.
struct UnreadableNumber: CustomStringConvertible {
    /// The member the number is the value of, or of the array holding it (`nil` at the top).
    var field: String?
    var text: String

    var description: String {
        let what = "the number \(text) is out of range (a finite 64-bit floating-point number is needed)"
        return field.map { "field '\($0)': \(what)" } ?? what
    }

    /// The first such number in `bytes`; `nil` when there is none (or the scanner gives up).
    static func first(in bytes: UnsafeRawBufferPointer) -> UnreadableNumber? {
        var found: UnreadableNumber?
        // Answers `false` to stop: at the number found, or where the scanner gives up.
        func walk(_ scanner: inout JSONScanner, field: String?, depth: Int) -> Bool {
            guard depth < JSONScanner.maxDepth else { return false }
            switch scanner.peek() {
            case UInt8(ascii: "{"):
                return scanner.members { scanner, key in walk(&scanner, field: String(decoding: key, as: UTF8.self), depth: depth + 1) }
            case UInt8(ascii: "["):
                return scanner.elements { walk(&$0, field: field, depth: depth + 1) }
            default:
                guard let number = scanner.numberText() else { return scanner.skipValue(depth: depth) }
                let text = String(decoding: number, as: UTF8.self)
                guard strtod(text, nil).isFinite else {
                    found = UnreadableNumber(field: field, text: text)
                    return false
                }
                return true
            }
        }
        var scanner = JSONScanner(bytes)
        _ = walk(&scanner, field: nil, depth: 0)
        return found
    }
}
