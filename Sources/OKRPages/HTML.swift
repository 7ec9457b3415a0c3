import OKRProjections

/// A piece of HTML built so that user text cannot get into it unescaped: the report (and every
/// other page okrctl writes) is made of these, never of plain strings.
///
/// Markup comes only from string literals written in okrctl's source. Everything interpolated
/// into a literal is escaped (`&`, `<`, `>`, `"`, `'`), whatever its type, unless it is itself
/// an `HTML` value, which was built the same way. So a title like `<img src=x onerror=…>` shows
/// as text wherever it is put: escaping is how the type works, not a call each site must
/// remember (SPEC §8).
public struct HTML: ExpressibleByStringInterpolation, Sendable {
    /// The markup, ready to write out.
    public private(set) var markup: String

    /// Markup written in the source (a literal without interpolations).
    public init(stringLiteral literal: StaticString) {
        markup = literal.description
    }

    public init(stringInterpolation: StringInterpolation) {
        markup = stringInterpolation.markup
    }

    /// Nothing.
    public static let empty: HTML = ""

    /// Builds a literal's markup: literal segments as written, interpolations escaped.
    public struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            markup += literal.description
        }

        /// Another piece of HTML: inserted as it is.
        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        /// Pieces of HTML one after another.
        public mutating func appendInterpolation(_ pieces: [HTML]) {
            for piece in pieces { markup += piece.markup }
        }

        /// Any other value: its text, escaped.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            markup += HTML.escape(value.description)
        }

        /// An optional value: its text escaped, or nothing.
        public mutating func appendInterpolation(_ value: (some CustomStringConvertible)?) {
            if let value { markup += HTML.escape(value.description) }
        }
    }

    public static func + (left: HTML, right: HTML) -> HTML {
        var joined = left
        joined.markup += right.markup
        return joined
    }

    public static func += (left: inout HTML, right: HTML) {
        left.markup += right.markup
    }

    /// Text with the five characters that mean something in HTML text and quoted attribute
    /// values replaced by their character references.
    private static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Characters no text field takes (held by events stored before SPEC §8) are shown
            // as escapes, as on a terminal.
            case _ where SafeText.isUnsafe(character) && character != "\n" && character != "\t":
                out += SafeText.escape(character)
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

extension Sequence<HTML> {
    /// The pieces one after another.
    public func joined() -> HTML {
        reduce(into: HTML.empty) { $0 += $1 }
    }
}
