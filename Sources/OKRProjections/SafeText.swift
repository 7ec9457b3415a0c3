/// Which characters okr's text fields take, and how text that holds others is shown (SPEC §8).
///
/// okrd refuses, in every text field, the characters that change what a reader's terminal does
/// or how a line is laid out: C0 and C1 controls, DEL, the line and paragraph separators and the
/// bidirectional overrides and isolates (Trojan Source). Multi-line fields also take line feeds
/// and tabs. Events stored before that rule (or imported) may still hold them: output shows each
/// as a visible escape such as `\u{1B}` instead of sending it raw.
public enum SafeText {
    /// The two shapes of text field.
    public enum Shape: Sendable {
        /// Titles, names, statements, units, insight texts, work-item titles, sources, keys.
        case line
        /// Check-in notes, insight evidence, descriptions, reasons: also line feeds and tabs.
        case lines
    }

    /// Whether `scalar` may appear in a field of `shape`.
    public static func allows(_ scalar: Unicode.Scalar, in shape: Shape) -> Bool {
        if shape == .lines, scalar == "\n" || scalar == "\t" { return true }
        return !isUnsafe(scalar)
    }

    /// Controls (C0, DEL, C1), U+2028 and U+2029, and the bidi overrides and isolates.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first character of `text` a field of `shape` refuses, if any.
    public static func firstRefused(in text: some StringProtocol, shape: Shape) -> Unicode.Scalar? {
        // Most text is printable ASCII: no scalar walk for it.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        return text.unicodeScalars.first { !allows($0, in: shape) }
    }

    /// `text` with each CR LF made LF, as multi-line fields store it (a lone CR stays, and is refused).
    public static func normalizingLineEnds(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        return text.replacing("\r\n", with: "\n")
    }

    /// `text` with every unsafe character written as a visible escape (`\u{1B}`), keeping line
    /// feeds and tabs when `keeping` is `.lines`.
    public static func visible(_ text: String, keeping shape: Shape = .line) -> String {
        guard firstRefused(in: text, shape: shape) != nil else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if allows(scalar, in: shape) {
                out.append(scalar)
            } else {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    /// The visible form of one character: `\n`, `\t`, `\r` for line feed, tab and carriage
    /// return, `\u{1B}` for the rest (SPEC §8 "Error messages").
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default: break
        }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "\\u{" + (hex.count < 2 ? "0" + hex : hex) + "}"
    }

    /// A name for `scalar` in an error message: `U+001B`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
