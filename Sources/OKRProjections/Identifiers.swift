/// The shapes of user-chosen names (SPEC §1): ids `[a-zA-Z0-9._-]{1,64}`, metric keys
/// `[a-z0-9_.:-]{1,128}`, teams `[a-z0-9_-]{1,64}`.
public enum Identifiers {
    /// Whether `text` is a valid id of a cycle, objective, key result, insight, north star or strategy.
    public static func isValidID(_ text: String) -> Bool {
        matches(text, maxLength: 64) { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Whether `text` is a valid metric key.
    public static func isValidMetric(_ text: String) -> Bool {
        matches(text, maxLength: 128) {
            $0.isASCIILowercase || $0.isASCIIDigit || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-")
        }
    }

    /// Whether `text` is a valid team name.
    public static func isValidTeam(_ text: String) -> Bool {
        matches(text, maxLength: 64) { $0.isASCIILowercase || $0.isASCIIDigit || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func matches(_ text: String, maxLength: Int, _ allowed: (UInt8) -> Bool) -> Bool {
        let utf8 = text.utf8
        return !utf8.isEmpty && utf8.count <= maxLength && utf8.allSatisfy(allowed)
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= 48 && self <= 57 }
    var isASCIILowercase: Bool { self >= 97 && self <= 122 }
    var isASCIILetter: Bool { isASCIILowercase || (self >= 65 && self <= 90) }
}
