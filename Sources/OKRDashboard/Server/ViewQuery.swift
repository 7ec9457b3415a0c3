import OKREvents
import OKRPages
import OKRWire

/// What every page and `/api/…` path is asked to show (SPEC §12): `as-of`, `known-at`, `cycle`,
/// `team`, `owner` from the URL, else the dashboard's own defaults (`okrctl dashboard --cycle …`).
/// The URL a page leaves is shareable: it holds all of it.
struct ViewQuery: Sendable, Equatable {
    var asOf: Instant?
    var knownAt: Instant?
    var cycle: String?
    var team: String?
    var owner: String?

    /// Why a parameter was refused (400).
    struct Invalid: Error {
        let message: String
    }

    /// The view a URL's query asks for, over `defaults`.
    init(query: [String: String], defaults: ViewQuery) throws(Invalid) {
        func time(_ name: String) throws(Invalid) -> Instant? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let instant = Instant(rfc3339: text) else {
                throw Invalid(message: "\(name) must be a date (2026-02-15) or an RFC 3339 time, not '\(text.prefix(40))'")
            }
            return instant
        }
        func text(_ name: String) -> String? { query[name].flatMap { $0.isEmpty ? nil : $0 } }
        asOf = try time("as-of") ?? defaults.asOf
        knownAt = try time("known-at") ?? defaults.knownAt
        cycle = text("cycle") ?? defaults.cycle
        team = text("team") ?? defaults.team
        owner = text("owner") ?? defaults.owner
    }

    init(asOf: Instant? = nil, knownAt: Instant? = nil, cycle: String? = nil, team: String? = nil, owner: String? = nil) {
        self.asOf = asOf
        self.knownAt = knownAt
        self.cycle = cycle
        self.team = team
        self.owner = owner
    }

    /// `status`'s params for this view.
    var status: StatusParams { StatusParams(cycle: cycle, team: team, asOf: asOf, knownAt: knownAt, owner: owner) }

    /// The query string of this view (`?as-of=…&cycle=…`), for links that keep it.
    var queryString: String {
        let pairs: [(String, String?)] = [("as-of", asOf?.rfc3339), ("known-at", knownAt?.rfc3339), ("cycle", cycle), ("team", team),
                                          ("owner", owner)]
        let present = pairs.compactMap { name, value in value.map { "\(name)=\(Self.percentEncoded($0))" } }
        return present.isEmpty ? "" : "?" + present.joined(separator: "&")
    }

    /// `text` with everything but unreserved characters percent-encoded (RFC 3986).
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(UnicodeScalar(hex[Int(byte >> 4)])) + String(UnicodeScalar(hex[Int(byte & 15)]))
            }
        }
        return out
    }
}
