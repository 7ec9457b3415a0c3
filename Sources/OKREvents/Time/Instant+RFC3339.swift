/// Parsing and printing of RFC 3339 times, hand-written: Foundation's formatters are far too
/// slow for bulk paths (see STYLE.md) and this is a small, exact grammar.
extension Instant {
    /// Parses `2026-02-01T09:30:00Z`, `2026-02-01T09:30:00.25+02:00` or a bare date `2026-02-01`
    /// (00:00 UTC). Returns `nil` for anything else, including impossible dates such as `2026-02-30`.
    public init?(rfc3339 text: String) {
        var text = text
        let parsed: Int64? = text.withUTF8 { Instant.parse(UnsafeRawBufferPointer($0)) }
        guard let micros = parsed else { return nil }
        self.init(microsecondsSinceEpoch: micros)
    }

    /// Parses the same forms from UTF-8 bytes (for readers that never build a `String`).
    public init?(rfc3339 bytes: UnsafeRawBufferPointer) {
        guard let micros = Instant.parse(bytes) else { return nil }
        self.init(microsecondsSinceEpoch: micros)
    }

    /// The RFC 3339 form in UTC.
    public var rfc3339: String {
        var out = [UInt8]()
        out.reserveCapacity(27)
        appendRFC3339(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the RFC 3339 form in UTC to `out` (for encoders that write bytes: no `String`).
    public func appendRFC3339(to out: inout [UInt8]) {
        let micros = microsecondsSinceEpoch
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = CalendarDay.civil(fromDays: days)
        Instant.append(year, digits: 4, to: &out); out.append(UInt8(ascii: "-"))
        Instant.append(month, digits: 2, to: &out); out.append(UInt8(ascii: "-"))
        Instant.append(day, digits: 2, to: &out); out.append(UInt8(ascii: "T"))
        Instant.append(secondOfDay / 3600, digits: 2, to: &out); out.append(UInt8(ascii: ":"))
        Instant.append(secondOfDay / 60 % 60, digits: 2, to: &out); out.append(UInt8(ascii: ":"))
        Instant.append(secondOfDay % 60, digits: 2, to: &out)
        if fraction != 0 {
            var digits = 6
            var value = fraction
            while value % 10 == 0 { value /= 10; digits -= 1 }
            out.append(UInt8(ascii: "."))
            Instant.append(value, digits: digits, to: &out)
        }
        out.append(UInt8(ascii: "Z"))
    }

    /// Appends the last `digits` decimal digits of `value`, zero-padded.
    private static func append(_ value: Int64, digits: Int, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var rest = value
        var index = start + digits - 1
        while index >= start {
            out[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// Parses the bytes of an RFC 3339 time or date into microseconds since the epoch.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var cursor = 0
        func digits(_ count: Int) -> Int64? {
            guard cursor + count <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<count {
                let byte = bytes[cursor]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
                cursor += 1
            }
            return value
        }
        func expect(_ ascii: UInt8) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == ascii else { return false }
            cursor += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2) else {
            return nil
        }
        guard let days = CalendarDay.days(year: year, month: month, day: day) else { return nil }
        if cursor == bytes.count { return days * 86_400_000_000 }
        guard cursor < bytes.count, bytes[cursor] == 84 || bytes[cursor] == 116 || bytes[cursor] == 32 else { return nil }  // T t space
        cursor += 1
        guard let hour = digits(2), expect(58), let minute = digits(2), expect(58), let second = digits(2),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var micros: Int64 = 0
        if cursor < bytes.count, bytes[cursor] == 46 {  // .
            cursor += 1
            var scale: Int64 = 100_000
            var seen = 0
            while cursor < bytes.count, bytes[cursor] >= 48, bytes[cursor] <= 57 {
                micros += Int64(bytes[cursor] - 48) * scale
                scale /= 10
                seen += 1
                cursor += 1
            }
            guard seen > 0, seen <= 9 else { return nil }
        }
        guard cursor < bytes.count else { return nil }
        var offsetSeconds: Int64 = 0
        switch bytes[cursor] {
        case 90, 122:  // Z z
            cursor += 1
        case 43, 45:  // + -
            let sign: Int64 = bytes[cursor] == 43 ? 1 : -1
            cursor += 1
            guard let offsetHours = digits(2), expect(58), let offsetMinutes = digits(2),
                  offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            return nil
        }
        guard cursor == bytes.count else { return nil }
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return seconds * 1_000_000 + micros
    }
}
