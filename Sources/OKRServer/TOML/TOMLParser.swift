/// Reads a TOML 1.0 document into a ``TOMLTable``: comments, bare, quoted and dotted keys,
/// `[tables]` and `[[arrays of tables]]`, the four kinds of string, integers in four bases,
/// floats (with `inf` and `nan`), booleans, the four date-time forms, arrays and inline tables,
/// with TOML's rules against defining a key or a table twice.
///
/// It reads untrusted text (an `apply` document comes from any writer), so it nests at most
/// ``maxDepth`` arrays and inline tables deep and never recurses otherwise; an error names the
/// line and column.
struct TOMLParser {
    /// A document that is not valid TOML: where, and why.
    struct ParseError: Error, CustomStringConvertible {
        var line: Int
        var column: Int
        var message: String
        var description: String { "line \(line), column \(column): \(message)" }
    }

    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private let root = TOMLTable()
    /// Tables opened by a `[header]` (may not be opened again) and tables closed to additions
    /// (inline tables); tables made by dotted keys (may not be opened by a header).
    private var headed = Set<ObjectIdentifier>()
    private var frozen = Set<ObjectIdentifier>()
    private var dotted = Set<ObjectIdentifier>()
    /// Arrays made by `[[headers]]`, by table and key (static arrays may not be appended to).
    private var tableArrays = Set<TableKey>()

    private struct TableKey: Hashable {
        var table: ObjectIdentifier
        var key: String
    }

    static func parse(_ text: String) throws(ParseError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        try parser.document()
        return parser.root
    }

    /// Reads a document from a file's bytes: TOML is UTF-8, so a byte sequence that is not is an
    /// error at its line and column, as any other.
    static func parse(utf8 bytes: [UInt8]) throws(ParseError) -> TOMLTable {
        var parser = TOMLParser(bytes: bytes)
        if let invalid = firstInvalidUTF8(bytes) {
            parser.index = invalid
            throw parser.error("not UTF-8 (\(parser.describe(bytes[invalid])))")
        }
        try parser.document()
        return parser.root
    }

    /// The offset of the first byte that does not begin a valid UTF-8 sequence, if any.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        // A byte order mark may open the document (toml-test `valid/utf8-bom-*`).
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    // MARK: Document

    private mutating func document() throws(ParseError) {
        var current = root
        while true {
            skipBlank()
            guard let byte = peek() else { return }
            switch byte {
            case UInt8(ascii: "\n"):
                index += 1
            case UInt8(ascii: "\r"):
                try newline()
            case UInt8(ascii: "#"):
                try comment()
            case UInt8(ascii: "["):
                current = try header()
                try endOfLine()
            default:
                try keyValue(into: current)
                try endOfLine()
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`: the table that the following key/value pairs go into.
    private mutating func header() throws(ParseError) -> TOMLTable {
        index += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { index += 1 }
        skipBlank()
        let path = try key()
        skipBlank()
        try expect("]", "expected ']' to close the table header")
        if isArray { try expect("]", "expected ']]' to close the array-of-tables header") }
        let name = path.joined(separator: ".")
        var table = root
        for part in path.dropLast() {
            table = try descend(table, part, header: name)
        }
        let last = path[path.count - 1]
        let opened = TOMLTable()
        if isArray {
            let arrayKey = TableKey(table: ObjectIdentifier(table), key: last)
            if tableArrays.contains(arrayKey) {
                // Checked without reading the value: a copy of it alive here would make the append copy the array.
                table.append(.table(opened), toArray: last)
            } else if let existing = table[last] {
                throw error("[[\(name)]] names a key that is already \(existing.kind), not an array of tables")
            } else {
                table.set(last, .array([.table(opened)]))
                tableArrays.insert(arrayKey)
            }
            return opened
        }
        switch table[last] {
        case nil:
            table.set(last, .table(opened))
            headed.insert(ObjectIdentifier(opened))
            return opened
        case .table(let existing) where !headed.contains(ObjectIdentifier(existing)) && !frozen.contains(ObjectIdentifier(existing))
            && !dotted.contains(ObjectIdentifier(existing)):
            headed.insert(ObjectIdentifier(existing))
            return existing
        default:
            throw error("table [\(name)] is defined twice")
        }
    }

    /// The table under `key` of `table` on the way to a header, made if missing.
    private mutating func descend(_ table: TOMLTable, _ key: String, header: String) throws(ParseError) -> TOMLTable {
        switch table[key] {
        case nil:
            let made = TOMLTable()
            table.set(key, .table(made))
            return made
        case .table(let existing) where !frozen.contains(ObjectIdentifier(existing)):
            return existing
        case .array(let elements) where tableArrays.contains(TableKey(table: ObjectIdentifier(table), key: key)):
            guard case .table(let last)? = elements.last else { throw error("[\(header)]: '\(key)' is not a table") }
            return last
        default:
            throw error("[\(header)]: '\(key)' is already \(table[key]!.kind), not a table")
        }
    }

    /// `a.b = value` into `table`.
    private mutating func keyValue(into table: TOMLTable, depth: Int = 0) throws(ParseError) {
        let path = try key()
        skipBlank()
        try expect("=", "expected '=' after the key '\(path.joined(separator: "."))'")
        skipBlank()
        let value = try self.value(depth: depth)
        var target = table
        for part in path.dropLast() {
            switch target[part] {
            case nil:
                let made = TOMLTable()
                dotted.insert(ObjectIdentifier(made))
                target.set(part, .table(made))
                target = made
            case .table(let existing) where dotted.contains(ObjectIdentifier(existing)) && !frozen.contains(ObjectIdentifier(existing)):
                target = existing
            default:
                throw error("the key '\(path.joined(separator: "."))' extends '\(part)', which is already defined")
            }
        }
        let last = path[path.count - 1]
        guard target[last] == nil else { throw error("the key '\(path.joined(separator: "."))' is defined twice") }
        target.set(last, value)
    }

    /// A key: bare, quoted or dotted (`a."b c".d`).
    private mutating func key() throws(ParseError) -> [String] {
        var parts: [String] = []
        while true {
            skipBlank()
            guard let byte = peek() else { throw error("expected a key") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                parts.append(try basicString())
            case UInt8(ascii: "'"):
                index += 1
                parts.append(try literalString())
            default:
                let start = index
                while let byte = peek(), Self.isBare(byte) { index += 1 }
                guard index > start else { throw error("expected a key, found \(describe(byte))") }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipBlank()
            guard peek() == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    private static func isBare(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(ParseError) -> TOMLValue {
        guard depth < Self.maxDepth else { throw error("arrays and inline tables nested more than \(Self.maxDepth) deep") }
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            if starts(with: "\"\"\"") {
                index += 3
                return .string(try multilineBasicString())
            }
            index += 1
            return .string(try basicString())
        case UInt8(ascii: "'"):
            if starts(with: "'''") {
                index += 3
                return .string(try multilineLiteralString())
            }
            index += 1
            return .string(try literalString())
        case UInt8(ascii: "["):
            index += 1
            return try array(depth: depth + 1)
        case UInt8(ascii: "{"):
            index += 1
            return try inlineTable(depth: depth + 1)
        case UInt8(ascii: "t") where starts(with: "true"):
            index += 4
            return .boolean(true)
        case UInt8(ascii: "f") where starts(with: "false"):
            index += 5
            return .boolean(false)
        default:
            return try scalar()
        }
    }

    private mutating func array(depth: Int) throws(ParseError) -> TOMLValue {
        var elements: [TOMLValue] = []
        while true {
            try skipBlankLinesAndComments()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            elements.append(try value(depth: depth))
            try skipBlankLinesAndComments()
            guard let byte = peek() else { throw error("unterminated array: expected ']'") }
            if byte == UInt8(ascii: ",") {
                index += 1
            } else if byte != UInt8(ascii: "]") {
                throw error("expected ',' or ']' in an array, found \(describe(byte))")
            }
        }
    }

    private mutating func inlineTable(depth: Int) throws(ParseError) -> TOMLValue {
        let table = TOMLTable()
        skipBlank()
        if peek() == UInt8(ascii: "}") {
            index += 1
            frozen.insert(ObjectIdentifier(table))
            return .table(table)
        }
        while true {
            skipBlank()
            try keyValue(into: table, depth: depth)
            skipBlank()
            guard let byte = peek() else { throw error("unterminated inline table: expected '}'") }
            index += 1
            if byte == UInt8(ascii: "}") { break }
            guard byte == UInt8(ascii: ",") else { throw error("expected ',' or '}' in an inline table, found \(describe(byte))") }
        }
        frozen.insert(ObjectIdentifier(table))
        freezeDotted(table)
        return .table(table)
    }

    /// Tables made by dotted keys inside an inline table are as closed as it is.
    private mutating func freezeDotted(_ table: TOMLTable) {
        for key in table.keys {
            if case .table(let inner)? = table[key], dotted.contains(ObjectIdentifier(inner)) {
                frozen.insert(ObjectIdentifier(inner))
                freezeDotted(inner)
            }
        }
    }

    // MARK: Strings

    private mutating func basicString() throws(ParseError) -> String {
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try text(out)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index -= 1
                throw error("a newline inside a one-line string (use \"\"\" for several lines)")
            default:
                try checkControl(byte)
                out.append(byte)
            }
        }
    }

    private mutating func multilineBasicString() throws(ParseError) -> String {
        var out: [UInt8] = []
        skipFirstNewline()
        while true {
            guard let byte = peek() else { throw error("unterminated multi-line string") }
            if starts(with: "\"\"\"") {
                // Up to two quotes may end the content right before the closing three.
                var quotes = 3
                while quotes < 5, index + quotes < bytes.count, bytes[index + quotes] == UInt8(ascii: "\"") { quotes += 1 }
                out.append(contentsOf: repeatElement(UInt8(ascii: "\""), count: quotes - 3))
                index += quotes
                return try text(out)
            }
            index += 1
            if byte == UInt8(ascii: "\\") {
                if let next = lineEndingBackslashSkip() {
                    index = next
                    continue
                }
                try escape(into: &out)
            } else if byte == UInt8(ascii: "\r") {
                guard peek() == UInt8(ascii: "\n") else { throw error("a carriage return without a line feed") }
            } else {
                if byte != UInt8(ascii: "\n") { try checkControl(byte) }
                out.append(byte)
            }
        }
    }

    /// After a backslash in a multi-line basic string: where the text resumes when the backslash
    /// ends its line (whitespace and newlines are skipped); `nil` when it starts an escape.
    private func lineEndingBackslashSkip() -> Int? {
        var position = index
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        guard position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D else { return nil }
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        return position
    }

    private mutating func literalString() throws(ParseError) -> String {
        let start = index
        while true {
            guard let byte = peek() else { throw error("unterminated literal string") }
            if byte == UInt8(ascii: "'") { break }
            if byte == 0x0A || byte == 0x0D { throw error("a newline inside a one-line literal string") }
            try checkControl(byte)
            index += 1
        }
        defer { index += 1 }
        return try text(Array(bytes[start..<index]))
    }

    private mutating func multilineLiteralString() throws(ParseError) -> String {
        skipFirstNewline()
        let start = index
        while !starts(with: "'''") {
            guard let byte = peek() else { throw error("unterminated multi-line literal string") }
            if byte != 0x0A, byte != 0x0D { try checkControl(byte) }
            index += 1
        }
        var end = index
        var quotes = 3
        while quotes < 5, index + quotes < bytes.count, bytes[index + quotes] == UInt8(ascii: "'") { quotes += 1 }
        end += quotes - 3
        index += quotes
        return try text(Array(bytes[start..<end]))
    }

    private mutating func skipFirstNewline() {
        if starts(with: "\r\n") { index += 2 } else if peek() == 0x0A { index += 1 }
    }

    private mutating func escape(into out: inout [UInt8]) throws(ParseError) {
        guard let byte = peek() else { throw error("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "e"): out.append(0x1B)
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            guard index + count <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + count], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw error("\\\(Character(Unicode.Scalar(byte))) needs \(count) hex digits naming a Unicode scalar")
            }
            index += count
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error("unknown escape \\\(describe(byte))")
        }
    }

    private func checkControl(_ byte: UInt8) throws(ParseError) {
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F { throw error("control character \(describe(byte)) in a string") }
    }

    private func text(_ utf8: [UInt8]) throws(ParseError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else { throw error("a string that is not valid UTF-8") }
        return string
    }

    // MARK: Numbers and date-times

    /// An integer, a float or a date-time: the token up to the next separator.
    private mutating func scalar() throws(ParseError) -> TOMLValue {
        let start = index
        while let byte = peek(), Self.isScalar(byte) { index += 1 }
        // A date and a time may be separated by one space: `2026-01-02 09:30:00`.
        if index - start == 10, index + 3 < bytes.count, bytes[index] == 0x20, Self.isDigit(bytes[index + 1]), Self.isDigit(bytes[index + 2]),
           bytes[index + 3] == UInt8(ascii: ":") {
            index += 1
            while let byte = peek(), Self.isScalar(byte) { index += 1 }
        }
        let token = Array(bytes[start..<index])
        guard !token.isEmpty else { throw error("expected a value, found \(peek().map(describe) ?? "the end")") }
        if let dateTime = Self.dateTime(token) { return .dateTime(dateTime) }
        if let number = Self.number(token) { return number }
        throw error("'\(String(decoding: token.prefix(40), as: UTF8.self))' is not a TOML value")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isScalar(_ byte: UInt8) -> Bool {
        isBare(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    private static func number(_ token: [UInt8]) -> TOMLValue? {
        var text = String(decoding: token, as: UTF8.self)
        switch text {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        // Underscores only between two digits of the number's own base: never beside a sign, a
        // point, an exponent's `e` or a base prefix (`1_e2`, `1e_2`, `0b_1` are not TOML).
        let hexadecimal = token.starts(with: "0x".utf8)
        for (position, byte) in token.enumerated() where byte == UInt8(ascii: "_") {
            guard position > 0, position < token.count - 1 else { return nil }
            let (before, after) = (token[position - 1], token[position + 1])
            guard hexadecimal ? isHexDigit(before) && isHexDigit(after) : isDigit(before) && isDigit(after) else { return nil }
        }
        text.removeAll { $0 == "_" }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.first != "+", digits.first != "-", let value = Int64(digits, radix: radix) else { return nil }
            return .integer(value)
        }
        let unsigned = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
        guard let first = unsigned.first, first.isASCII, first.isNumber else { return nil }
        let isFloat = unsigned.contains { $0 == "." || $0 == "e" || $0 == "E" }
        let integerPart = unsigned.prefix { $0.isNumber }
        if integerPart.count > 1, integerPart.first == "0" { return nil }  // no leading zeros
        if isFloat {
            // Digits on both sides of the point.
            if let point = unsigned.firstIndex(of: ".") {
                let after = unsigned.index(after: point)
                guard point > unsigned.startIndex, after < unsigned.endIndex, unsigned[after].isNumber else { return nil }
            }
            guard unsigned.allSatisfy({ $0.isNumber || "eE.+-".contains($0) }), let value = Double(text) else { return nil }
            return .float(value)
        }
        guard unsigned.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(text) else { return nil }
        return .integer(value)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// `YYYY-MM-DD`, `HH:MM:SS[.frac]`, or a date, `T`/`t`/space, a time and an optional offset.
    private static func dateTime(_ token: [UInt8]) -> TOMLDateTime? {
        var result = TOMLDateTime()
        var rest = token[...]
        if rest.count >= 10, rest[rest.startIndex + 4] == UInt8(ascii: "-") {
            guard let year = digits(rest, 0, 4), rest[rest.startIndex + 4] == UInt8(ascii: "-"), let month = digits(rest, 5, 2),
                  rest[rest.startIndex + 7] == UInt8(ascii: "-"), let day = digits(rest, 8, 2),
                  (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
            (result.year, result.month, result.day, result.hasDate) = (year, month, day, true)
            rest = rest.dropFirst(10)
            if rest.isEmpty { return result }
            guard let separator = rest.first, [UInt8(ascii: "T"), UInt8(ascii: "t"), 0x20].contains(separator) else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.count >= 8, let hour = digits(rest, 0, 2), rest[rest.startIndex + 2] == UInt8(ascii: ":"), let minute = digits(rest, 3, 2),
              rest[rest.startIndex + 5] == UInt8(ascii: ":"), let second = digits(rest, 6, 2), hour < 24, minute < 60, second < 61 else { return nil }
        (result.hour, result.minute, result.second, result.hasTime) = (hour, minute, second, true)
        rest = rest.dropFirst(8)
        if rest.first == UInt8(ascii: ".") {
            let fraction = rest.dropFirst().prefix { isDigit($0) }
            guard !fraction.isEmpty else { return nil }
            let nine = Array(fraction.prefix(9)) + Array(repeating: UInt8(ascii: "0"), count: max(0, 9 - fraction.count))
            result.nanosecond = Int(String(decoding: nine, as: UTF8.self)) ?? 0
            rest = rest.dropFirst(1 + fraction.count)
        }
        if rest.isEmpty { return result }
        guard result.hasDate else { return nil }
        if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") {
            result.offsetMinutes = 0
            return result
        }
        guard rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
              let hours = digits(rest, 1, 2), rest[rest.startIndex + 3] == UInt8(ascii: ":"), let minutes = digits(rest, 4, 2),
              hours < 24, minutes < 60 else { return nil }
        result.offsetMinutes = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
        return result
    }

    private static func digits(_ slice: ArraySlice<UInt8>, _ offset: Int, _ count: Int) -> Int? {
        let start = slice.startIndex + offset
        guard start + count <= slice.endIndex else { return nil }
        var value = 0
        for byte in slice[start..<start + count] {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // MARK: Whitespace, comments, line ends

    private mutating func expect(_ character: Character, _ message: String) throws(ParseError) {
        guard peek() == character.asciiValue else { throw error(message) }
        index += 1
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in
            prefix.indices.allSatisfy { bytes[index + $0] == prefix[$0] }
        }
    }

    private mutating func skipBlank() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 { index += 1 }
    }

    private mutating func comment() throws(ParseError) {
        index += 1
        while let byte = peek(), byte != 0x0A {
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { break }
            if (byte < 0x20 && byte != 0x09) || byte == 0x7F { throw error("control character \(describe(byte)) in a comment") }
            index += 1
        }
    }

    private mutating func newline() throws(ParseError) {
        if starts(with: "\r\n") { index += 2 } else if peek() == 0x0A { index += 1 } else {
            throw error("a carriage return without a line feed")
        }
    }

    /// After a header or a key/value pair: only blanks and a comment before the line ends.
    private mutating func endOfLine() throws(ParseError) {
        skipBlank()
        if peek() == UInt8(ascii: "#") { try comment() }
        guard let byte = peek() else { return }
        guard byte == 0x0A || byte == 0x0D else { throw error("expected the end of the line, found \(describe(byte))") }
        try newline()
    }

    private mutating func skipBlankLinesAndComments() throws(ParseError) {
        while let byte = peek() {
            switch byte {
            case 0x20, 0x09, 0x0A: index += 1
            case 0x0D: try newline()
            case UInt8(ascii: "#"): try comment()
            default: return
            }
        }
    }

    // MARK: Errors

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func error(_ message: String) -> ParseError {
        var line = 1
        var lineStart = 0
        for position in 0..<min(index, bytes.count) where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        return ParseError(line: line, column: index - lineStart + 1, message: message)
    }
}
