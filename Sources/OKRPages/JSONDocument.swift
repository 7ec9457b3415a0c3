import Foundation
import OKRWire

/// A result as one JSON document, as `okrctl --json` prints it and the dashboard's `/api/…`
/// serves it: pretty, keys sorted, and no invisible character left raw.
public enum JSONDocument {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as pretty JSON, with the invisible characters JSON leaves raw escaped.
    public static func data(_ value: some Encodable) throws -> Data {
        escapingInvisibles(try encoder.encode(value))
    }

    /// JSON text with DEL, the C1 controls, U+2028/2029 and the bidi overrides and isolates
    /// written as `\uXXXX` escapes: JSON encoders escape only C0 controls, and a stored title
    /// holding U+202E would otherwise reach a terminal or a log viewer raw (SPEC §8). Such
    /// characters occur only inside strings, where the escape means the same character.
    public static func escapingInvisibles(_ json: Data) -> Data {
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
}
