import MCP
import OKREvents
import OKRProjections
import OKRWire

/// A tool call's arguments, read by name as okrctl's options are named (`as-of`, `known-at` …),
/// each checked for its type; a wrong one is a tool error naming it.
struct ToolArguments {
    /// Why the arguments were refused: the message a tool error carries.
    struct Invalid: Error {
        let message: String
    }

    private let values: [String: Value]

    init(_ values: [String: Value]?) {
        self.values = values ?? [:]
    }

    func string(_ name: String) throws(Invalid) -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard let text = value.stringValue else { throw Invalid(message: "\(name) must be a string") }
        return text
    }

    func required(_ name: String) throws(Invalid) -> String {
        guard let text = try string(name), !text.isEmpty else { throw Invalid(message: "\(name) is required") }
        return text
    }

    func bool(_ name: String) throws(Invalid) -> Bool? {
        guard let value = values[name], value != .null else { return nil }
        guard let flag = value.boolValue else { throw Invalid(message: "\(name) must be true or false") }
        return flag
    }

    func number(_ name: String) throws(Invalid) -> Double? {
        guard let value = values[name], value != .null else { return nil }
        let number: Double? = switch value {
        case .int(let whole): Double(whole)
        case .double(let real): real
        default: nil
        }
        guard let number, number.isFinite else { throw Invalid(message: "\(name) must be a finite number") }
        return number
    }

    func integer(_ name: String) throws(Invalid) -> Int? {
        guard let number = try number(name) else { return nil }
        guard number == number.rounded(), abs(number) < 1e9 else { throw Invalid(message: "\(name) must be a whole number") }
        return Int(number)
    }

    /// A date (`2026-02-15`) or an RFC 3339 time, as okrctl's `--as-of` and `--at` take.
    func instant(_ name: String) throws(Invalid) -> Instant? {
        guard let text = try string(name) else { return nil }
        guard let instant = Instant(rfc3339: text) else {
            throw Invalid(message: "\(name) must be a date (2026-02-15) or an RFC 3339 time, not '\(SafeText.visible(String(text.prefix(40))))'")
        }
        return instant
    }

    /// The names given that `known` does not hold.
    func unknown(_ known: Set<String>) -> [String] {
        values.keys.filter { !known.contains($0) }.sorted()
    }
}
