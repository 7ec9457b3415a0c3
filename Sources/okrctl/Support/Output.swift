import Foundation

/// Printing results: one JSON document for `--json`, text otherwise.
enum Output {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Prints `value` as one JSON document on stdout.
    static func json(_ value: some Encodable) throws {
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// Prints the result as JSON with `--json`, else the text `human` makes (nothing when it is empty).
    static func emit<Value: Encodable>(_ value: Value, json: Bool, human: (Value) -> String) throws {
        if json {
            try self.json(value)
        } else {
            let text = human(value)
            if !text.isEmpty { print(text) }
        }
    }
}
