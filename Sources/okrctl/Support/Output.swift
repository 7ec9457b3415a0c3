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
        guard json.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        let bytes = Array(json)
        var out = Data(capacity: bytes.count + 16)
        var index = 0
        func escape(_ scalar: UInt32) {
            out.append(contentsOf: Array(("\\u" + String(format: "%04x", scalar)).utf8))
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x7F {
                escape(0x7F)
                index += 1
            } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                escape(UInt32(bytes[index + 1]))
                index += 2
            } else if byte == 0xE2, index + 2 < bytes.count,
                      (bytes[index + 1] == 0x80 && (0xA8...0xAE).contains(bytes[index + 2]))
                        || (bytes[index + 1] == 0x81 && (0xA6...0xA9).contains(bytes[index + 2])) {
                escape(0x2000 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F))
                index += 3
            } else {
                out.append(byte)
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
