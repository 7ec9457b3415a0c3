import OKREvents
import OKRPages
import OKRWire
#if canImport(Glibc)
import Glibc
#endif

/// Turns CSV rows into observations in an ``ObserveRequestWriter``: checks each field, and for a
/// daemon that does not identify rows by their content (before 0.5), derives the idempotency key
/// of a row that has a time but no key, so re-running a file appends nothing twice. Works on
/// bytes: it runs once per row of files of millions.
struct CSVObservationRow {
    /// The column of each field the header named.
    struct Columns {
        var metric: Int
        var value: Int
        var at: Int?
        var source: Int?
        var key: Int?
        var count: Int

        static let names = ["metric", "value", "at", "source", "key"]
    }

    let columns: Columns
    /// `--source`: the source of rows that name none.
    let defaultSource: [UInt8]?
    /// Whether a row with a time and no key gets the key `metric@at=value`.
    let derivesKeys: Bool
    private var derivedKey: [UInt8] = []

    init(columns: Columns, defaultSource: String?, derivesKeys: Bool = true) {
        self.columns = columns
        self.defaultSource = defaultSource.map { Array($0.utf8) }
        self.derivesKeys = derivesKeys
    }

    /// Checks the row in `fields` (split from `line`) and adds it to `writer`; a usage error
    /// says what is wrong with the row, and nothing is added.
    mutating func add(_ fields: CSVFields, line: UnsafeRawBufferPointer, to writer: inout ObserveRequestWriter) throws(CLIError) {
        if line.contains(where: { $0 >= 0x80 }),
           String(validating: line.assumingMemoryBound(to: UInt8.self), as: UTF8.self) == nil {
            throw CLIError.usage("not valid UTF-8")
        }
        guard fields.count == columns.count else {
            throw CLIError.usage("\(fields.count) fields where the header has \(columns.count)")
        }
        let checked = fields.bytes.withUnsafeBytes { bytes in
            func field(_ column: Int?) -> UnsafeRawBufferPointer? {
                guard let column else { return nil }
                let range = fields.trimmed(column)
                return range.isEmpty ? nil : UnsafeRawBufferPointer(rebasing: bytes[range])
            }
            return Result { () throws(CLIError) in
                try add(metric: field(columns.metric), valueText: field(columns.value), atText: field(columns.at),
                        source: field(columns.source), key: field(columns.key), to: &writer)
            }
        }
        try checked.get()
    }

    private mutating func add(metric: UnsafeRawBufferPointer?, valueText: UnsafeRawBufferPointer?, atText: UnsafeRawBufferPointer?,
                              source: UnsafeRawBufferPointer?, key: UnsafeRawBufferPointer?,
                              to writer: inout ObserveRequestWriter) throws(CLIError) {
        func quoted(_ text: UnsafeRawBufferPointer) -> String { String(decoding: text.prefix(40), as: UTF8.self) }

        guard let metric else { throw CLIError.usage("metric is empty") }
        guard let valueText else { throw CLIError.usage("value is empty") }
        guard let value = Self.number(valueText) else {
            throw CLIError.usage("value '\(quoted(valueText))' is not a finite number")
        }
        var at: Instant?
        if let atText {
            guard let parsed = Instant(rfc3339: atText) else {
                throw CLIError.usage("at '\(quoted(atText))' is not an RFC 3339 time or a date")
            }
            at = parsed
        }
        func withSource<T>(_ body: (UnsafeRawBufferPointer?) -> T) -> T {
            guard source == nil, let defaultSource else { return body(source) }
            return defaultSource.withUnsafeBytes { body($0) }
        }
        withSource { source in
            if let key {
                writer.add(metric: metric, value: value, at: at, source: source, key: key)
            } else if derivesKeys, let at {
                // metric@time=value: the same row read again is the same observation.
                derivedKey.removeAll(keepingCapacity: true)
                derivedKey.append(contentsOf: metric)
                derivedKey.append(UInt8(ascii: "@"))
                at.appendRFC3339(to: &derivedKey)
                derivedKey.append(UInt8(ascii: "="))
                // Spelled as keys have always been (Format.number): keys derived by earlier
                // versions must match, or a re-run would append rows twice.
                if value == value.rounded(), abs(value) < 1e15 {
                    derivedKey.appendDecimal(Int64(value))
                } else {
                    derivedKey.append(contentsOf: Format.number(value).utf8)
                }
                derivedKey.withUnsafeBytes { writer.add(metric: metric, value: value, at: at, source: source, key: $0) }
            } else {
                writer.add(metric: metric, value: value, at: at, source: source, key: nil)
            }
        }
    }

    /// A finite number written the way `Double(String)` reads one; `nil` otherwise.
    static func number(_ text: UnsafeRawBufferPointer) -> Double? {
        guard text.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer -> Double? in
            var count = 0
            for byte in text {
                buffer[count] = CChar(bitPattern: byte)
                count += 1
            }
            buffer[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard end == buffer.baseAddress! + count, value.isFinite else { return nil }
            return value
        }
    }
}

extension CSVObservationRow.Columns {
    /// Reads the header line; a usage error names what is wrong with it.
    init(header fields: CSVFields, line: String) throws {
        var found: [String: Int] = [:]
        for index in 0..<fields.count {
            let name = fields.text(index).lowercased()
            guard Self.names.contains(name) else {
                throw CLIError.usage("line 1: unknown column '\(fields.text(index))'; the header must name columns from "
                    + "\(Self.names.joined(separator: ",")) (metric and value required)")
            }
            guard found[name] == nil else { throw CLIError.usage("line 1: column '\(name)' appears twice") }
            found[name] = index
        }
        guard let metric = found["metric"], let value = found["value"] else {
            throw CLIError.usage("line 1 must be a header naming at least metric and value (e.g. metric,value,at), not '\(line.prefix(60))'")
        }
        self.init(metric: metric, value: value, at: found["at"], source: found["source"], key: found["key"], count: fields.count)
    }
}
