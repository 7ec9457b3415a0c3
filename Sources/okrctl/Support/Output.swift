import Foundation
import OKRPages
import OKRWire

/// Printing results: one JSON document for `--json`, text otherwise.
enum Output {
    /// Prints `value` as one JSON document on stdout.
    static func json(_ value: some Encodable) throws {
        FileHandle.standardOutput.write(try JSONDocument.data(value))
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
