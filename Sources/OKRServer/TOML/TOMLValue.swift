/// A value of a TOML 1.0 document, as ``TOMLParser`` reads it.
///
/// okrd reads TOML twice: its configuration file, and the OKR documents `apply` receives over
/// the socket from any writer. The second is why this is okrd's own: TOMLKit 0.6.0 freed nothing
/// its C++ shim allocated for each key and value read (about 17 KB per `apply` of the 1.7 KB
/// example file), which the fuzzer found (README "Guarantees").
enum TOMLValue {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// An offset or local date-time, a local date or a local time.
    case dateTime(TOMLDateTime)
    case array([TOMLValue])
    case table(TOMLTable)

    /// What the value is, in TOML's words (for error messages).
    var kind: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .dateTime(let value): value.hasTime ? (value.hasDate ? "a date-time" : "a time") : "a date"
        case .array: "an array"
        case .table: "a table"
        }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    var boolean: Bool? { if case .boolean(let value) = self { value } else { nil } }
    var table: TOMLTable? { if case .table(let value) = self { value } else { nil } }
    var array: [TOMLValue]? { if case .array(let value) = self { value } else { nil } }
    var dateTime: TOMLDateTime? { if case .dateTime(let value) = self { value } else { nil } }

    /// A float, or an integer as a float.
    var number: Double? {
        switch self {
        case .float(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
}

/// A TOML date-time in its four forms: offset date-time, local date-time, local date, local time.
struct TOMLDateTime: Hashable {
    var year = 0, month = 0, day = 0
    var hour = 0, minute = 0, second = 0, nanosecond = 0
    var hasDate = false
    var hasTime = false
    /// Minutes east of UTC; `nil` for a local date-time.
    var offsetMinutes: Int?
}

/// A TOML table: its keys in document order and their values. A reference, so that the parser
/// can keep adding to a table it reached through a header or a dotted key.
final class TOMLTable {
    private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    subscript(key: String) -> TOMLValue? { values[key] }

    func set(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// Appends to the array under `key` in place (amortised O(1): an array of tables may be long).
    func append(_ element: TOMLValue, toArray key: String) {
        guard case .array(var elements)? = values.removeValue(forKey: key) else { return }
        elements.append(element)
        values[key] = .array(elements)
    }
}
