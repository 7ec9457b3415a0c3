import Foundation
import OKRWire

/// Printing results: one JSON document for `--json`, text otherwise.
enum Output {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Prints `value` as one JSON document on stdout.
    static func json(_ value: some Encodable) throws {
        FileHandle.standardOutput.write(try jsonData(value))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    /// `value` as pretty JSON, with the invisible characters JSON leaves raw escaped.
    static func jsonData(_ value: some Encodable) throws -> Data {
        escapingInvisibles(try encoder.encode(value))
    }

    /// JSON text with DEL, the C1 controls, U+2028/2029 and the bidi overrides and isolates
    /// written as `\uXXXX` escapes: JSON encoders escape only C0 controls, and a stored title
    /// holding U+202E would otherwise reach a terminal or a log viewer raw (SPEC §8). Such
    /// characters occur only inside strings, where the escape means the same character.
    static func escapingInvisibles(_ json: Data) -> Data {
        guard VisibleEscapes.mayHoldRawUnsafe(json) else { return json }
        let bytes = Array(json)
        var out = Data(capacity: bytes.count + 16)
        var index = 0
        while index < bytes.count {
            if let unsafe = VisibleEscapes.rawUnsafe(in: bytes, at: index) {
                out.append(contentsOf: Array(("\\u" + String(format: "%04x", unsafe.scalar)).utf8))
                index += unsafe.length
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
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
