#if canImport(Glibc)
import Glibc
#endif

/// Reads one JSON text forwards, straight from its bytes, for the hot paths whose shape is known:
/// the request envelope and `observe`'s params (BENCHMARKS.md: Foundation's decoder was most of
/// okrd's time in bulk ingest).
///
/// It validates what it reads (string escapes, control characters, UTF-8, the number grammar,
/// literals, nesting). Whenever it meets something it does not handle — it never guesses — a
/// method answers `nil`, and the caller falls back to Foundation's decoder, which then gives the
/// exact error. So a scanner may refuse valid JSON, but never accepts invalid JSON.
public struct JSONScanner {
    /// The deepest nesting ``skipValue()`` follows before it gives up.
    public static let maxDepth = 512

    let bytes: UnsafeRawBufferPointer
    /// The offset of the next byte to read.
    public private(set) var position: Int

    /// A scanner over `bytes`, which must outlive it (use it inside `withUnsafeBytes`).
    public init(_ bytes: UnsafeRawBufferPointer, from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    // MARK: Structure

    /// Skips spaces, tabs and line endings.
    public mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next byte after whitespace, not consumed; `nil` at the end.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    /// Consumes `byte` after whitespace; `false` (nothing consumed) when something else is next.
    public mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// `true` when only whitespace is left.
    public mutating func atEnd() -> Bool { peek() == nil }

    /// Walks the members of an object: `body` is called with each key's raw bytes (escape-free
    /// keys only) and must consume the member's value; it returns `false` to give up. Answers
    /// `false` on any malformation or an escaped key. A repeated key is the body's to judge
    /// (Foundation keeps the first; readers give up on a repeat of a member they read, and
    /// skipped members may repeat): checking every key against every other was quadratic in a
    /// hostile line's keys.
    public mutating func members(_ body: (inout JSONScanner, UnsafeRawBufferPointer) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        while true {
            guard peek() == UInt8(ascii: "\""), let key = stringRange(), !key.escaped else { return false }
            guard consume(UInt8(ascii: ":")), body(&self, UnsafeRawBufferPointer(rebasing: bytes[key.range])) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}"))
        }
    }

    /// Walks the elements of an array; `body` consumes each element and returns `false` to give up.
    public mutating func elements(_ body: (inout JSONScanner) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "[")) else { return false }
        if consume(UInt8(ascii: "]")) { return true }
        while true {
            guard body(&self) else { return false }
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "]"))
        }
    }

    /// Skips one value of any kind, validating it; `false` when it is not valid JSON (or nests
    /// deeper than ``maxDepth``).
    public mutating func skipValue(depth: Int = 0) -> Bool {
        guard depth < Self.maxDepth, let next = peek() else { return false }
        switch next {
        case UInt8(ascii: "{"):
            // Any key, escaped or not, as long as it is a valid string.
            guard consume(UInt8(ascii: "{")) else { return false }
            if consume(UInt8(ascii: "}")) { return true }
            while true {
                guard peek() == UInt8(ascii: "\""), let key = stringRange(), isValidUTF8(key.range),
                      consume(UInt8(ascii: ":")), skipValue(depth: depth + 1) else { return false }
                if consume(UInt8(ascii: ",")) { continue }
                return consume(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            return elements { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            guard let string = stringRange() else { return false }
            return isValidUTF8(string.range)
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return numberRange() != nil
        }
    }

    /// Whether the whole text is one JSON value by RFC 8259 and nothing else: the strict check in
    /// front of Foundation's decoder, which accepts trailing commas (`[1,]`, `{"id":0,}`).
    /// Linear, no allocation for ASCII text.
    public mutating func isValidDocument() -> Bool {
        skipValue() && atEnd()
    }

    /// Consumes `null`; `false` (nothing consumed) when something else is next.
    public mutating func consumeNull() -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        return literal("null")
    }

    /// Reads `true` or `false`; `nil` for anything else.
    public mutating func bool() -> Bool? {
        switch peek() {
        case UInt8(ascii: "t"): return literal("true") ? true : nil
        case UInt8(ascii: "f"): return literal("false") ? false : nil
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] { return false }
        position += count
        return true
    }

    // MARK: Strings

    /// Reads a string; `nil` for anything invalid (or a lone surrogate escape).
    public mutating func string() -> String? {
        guard peek() == UInt8(ascii: "\""), let string = stringRange() else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[string.range])
        guard string.escaped else {
            return String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        }
        return Self.unescape(raw)
    }

    /// Reads a string's bytes exactly as written between its quotes, when it has no escapes and
    /// is valid UTF-8 (for callers that parse the text themselves, such as times).
    public mutating func plainStringBytes() -> UnsafeRawBufferPointer? {
        guard peek() == UInt8(ascii: "\""), let string = stringRange(), !string.escaped, isValidUTF8(string.range) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[string.range])
    }

    /// Consumes a string at `position` (its opening quote); the range between its quotes, and
    /// whether it holds escapes. Checks escapes and control characters, not UTF-8.
    private mutating func stringRange() -> (range: Range<Int>, escaped: Bool)? {
        position += 1
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let range = start..<position
                position += 1
                return (range, escaped)
            }
            if byte < 0x20 { return nil }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard position + 1 < bytes.count else { return nil }
                switch bytes[position + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    guard position + 5 < bytes.count else { return nil }
                    for offset in 2...5 where Self.hexValue(bytes[position + offset]) == nil { return nil }
                    position += 6
                default:
                    return nil
                }
                continue
            }
            position += 1
        }
        return nil
    }

    private func isValidUTF8(_ range: Range<Int>) -> Bool {
        let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
        if !raw.contains(where: { $0 >= 0x80 }) { return true }
        return String(validating: raw.assumingMemoryBound(to: UInt8.self), as: UTF8.self) != nil
    }

    /// The text of a string body with escapes; `nil` for a lone surrogate or invalid UTF-8.
    private static func unescape(_ raw: UnsafeRawBufferPointer) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = 0
        func hex4(_ at: Int) -> UInt32 {
            (0..<4).reduce(UInt32(0)) { $0 << 4 | UInt32(hexValue(raw[at + $1])!) }
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let kind = raw[index + 1]
            index += 2
            switch kind {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(index)
                index += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    guard index + 6 <= raw.count, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") else { return nil }
                    let low = hex4(index + 2)
                    guard (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00..<0xE000).contains(scalar) {
                    return nil
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Unicode.UTF8.encode(unicode)!)
            default: out.append(kind)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Numbers

    /// Reads a number as a finite `Double`; `nil` for anything else, including numbers too large
    /// for a `Double` (Foundation's decoder then says so in its own words).
    public mutating func double() -> Double? {
        guard let number = numberRange() else { return nil }
        if !number.fractional, let integer = Self.integer(UnsafeRawBufferPointer(rebasing: bytes[number.range])) {
            // Int64 to Double rounds to nearest, as strtod does; only -0 needs its sign kept.
            return integer == 0 && bytes[number.range.lowerBound] == UInt8(ascii: "-") ? -0.0 : Double(integer)
        }
        let length = number.range.count
        guard length < 64 else { return nil }
        let value = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double in
            for offset in 0..<length { buffer[offset] = CChar(bitPattern: bytes[number.range.lowerBound + offset]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        return value.isFinite ? value : nil
    }

    /// Reads an integer written without fraction or exponent that fits in `Int64`; `nil` otherwise.
    public mutating func int64() -> Int64? {
        let start = position
        guard let number = numberRange(), !number.fractional, number.range.count <= 19,
              let value = Self.integer(UnsafeRawBufferPointer(rebasing: bytes[number.range]))
        else {
            position = start
            return nil
        }
        return value
    }

    /// Consumes a number per JSON's grammar and answers its text, whatever its size; `nil` when
    /// no number is next.
    public mutating func numberText() -> UnsafeRawBufferPointer? {
        numberRange().map { UnsafeRawBufferPointer(rebasing: bytes[$0.range]) }
    }

    /// Consumes a number per JSON's grammar; its range, and whether it has a fraction or exponent.
    private mutating func numberRange() -> (range: Range<Int>, fractional: Bool)? {
        skipWhitespace()
        let start = position
        func digit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        var index = position
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        var fractional = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { return nil }
            while digit(index) { index += 1 }
            fractional = true
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { return nil }
            while digit(index) { index += 1 }
            fractional = true
        }
        position = index
        return (start..<index, fractional)
    }

    /// An optionally signed run of at most 18 digits (so it cannot overflow).
    private static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { index = 1 }
        guard text.count - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < text.count {
            value = value * 10 + Int64(text[index] - UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }
}
