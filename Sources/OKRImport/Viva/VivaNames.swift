import Foundation
import OKREvents
import OKRProjections

/// How Viva's names become okr's ids (SPEC §11).
enum VivaNames {
    /// "Q1 2025" → `2025-Q1`, "Annual 2025" → `2025`, anything else a slug of the name.
    static func cycleID(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).map(String.init)
        if words.count == 2, let year = Int(words[1]), (1900...2999).contains(year) {
            let period = words[0].uppercased()
            if ["Q1", "Q2", "Q3", "Q4", "H1", "H2"].contains(period) { return "\(year)-\(period)" }
            if ["ANNUAL", "YEAR", "FY"].contains(period) { return "\(year)" }
        }
        return slug(name, fallback: "cycle")
    }

    /// A team's name as an okr team: lower case, runs of anything else than a-z 0-9 as `-`.
    static func team(_ name: String, id: String) -> String {
        slug(name, fallback: "team-\(id)")
    }

    /// The person id of an email without a `--users` mapping: its local part, lower-cased and cut
    /// to the person-id charset (`[a-z_][a-z0-9._-]{0,31}`).
    static func personID(email: String) -> String? {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        var id = String(local.lowercased().unicodeScalars.filter {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }.map(Character.init))
        if let first = id.unicodeScalars.first, !(("a"..."z").contains(first) || first == "_") { id = "_" + id }
        id = String(id.prefix(32))
        return Identifiers.isValidPersonID(id) ? id : nil
    }

    /// `slug`: lower-case ASCII letters and digits, other runs as one `-`, at most 64.
    static func slug(_ name: String, fallback: String) -> String {
        var slug = ""
        var dash = false
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if dash, !slug.isEmpty { slug.append("-") }
                slug.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        slug = String(slug.prefix(64))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? fallback : slug
    }

    /// An alignment weight: "40.0%" → 40; "0.0%" (Viva's "not weighted") → 1.
    static func weight(_ text: String?) -> Double? {
        guard let text else { return nil }
        let number = Double(text.trimmingCharacters(in: .init(charactersIn: "% ")))
        guard let number, number.isFinite, number >= 0 else { return nil }
        return number == 0 ? 1 : min(number, 1000)
    }

    /// The text of a note Viva kept only as HTML: tags dropped (a `<br>`, `</p>`, `</div>` or
    /// `</li>` ends a line), the common entities decoded (`&amp;lt;` is the text `&lt;`), in one
    /// pass. Not an HTML parser: the note was written in Viva's editor, whose HTML is simple, and
    /// what comes out is checked as text.
    static func plainText(html: String) -> String {
        let entities: [(name: String, text: String)] = [("nbsp", " "), ("lt", "<"), ("gt", ">"), ("quot", "\""), ("#39", "'"),
                                                         ("apos", "'"), ("amp", "&")]
        var text = ""
        var tag = ""
        var inTag = false
        var rest = Substring(html)
        while let character = rest.first {
            rest = rest.dropFirst()
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().split(separator: " ").first.map(String.init) ?? ""
                    if ["br", "br/", "/p", "/div", "/li"].contains(name) { text.append("\n") }
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
                tag = ""
            } else if character == "&", let semicolon = rest.prefix(6).firstIndex(of: ";"),
                      let entity = entities.first(where: { $0.name == rest[..<semicolon] }) {
                text += entity.text
                rest = rest[rest.index(after: semicolon)...]
            } else {
                text.append(character)
            }
        }
        return text
    }
}
