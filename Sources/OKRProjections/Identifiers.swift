/// The shapes of user-chosen names (SPEC §1, §9): ids `[a-zA-Z0-9._-]{1,64}`, metric keys
/// `[a-z0-9_.:-]{1,128}`, teams `[a-z0-9_-]{1,64}`, person ids (Unix user names)
/// `[a-z_][a-z0-9._-]{0,31}`, and email addresses.
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

    /// Whether `text` is a valid person id: a Unix user name as Debian's `adduser` takes it.
    public static func isValidPersonID(_ text: String) -> Bool {
        guard let first = text.utf8.first, first.isASCIILowercase || first == UInt8(ascii: "_") else { return false }
        return matches(text, maxLength: 32) {
            $0.isASCIILowercase || $0.isASCIIDigit || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    /// Whether `text` is an email address a mail header can carry as it is: RFC 5322's
    /// `dot-atom "@" dot-atom`, at most 254 bytes, the domain of at least two labels of letters,
    /// digits and hyphens. Quoted local parts, comments and address literals are refused: okr
    /// writes these addresses into `To:` lines.
    public static func isValidEmail(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count <= 254, let at = utf8.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = utf8[..<at]
        let domain = utf8[(at + 1)...]
        let atext = Set("!#$%&'*+-/=?^_`{|}~".utf8)
        guard dotAtom(local, allowed: { $0.isASCIILetter || $0.isASCIIDigit || atext.contains($0) }), local.count <= 64 else { return false }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "-") }
        }
    }

    /// Atoms of `allowed` bytes separated by single dots.
    private static func dotAtom(_ bytes: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !bytes.isEmpty && atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed) }
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
