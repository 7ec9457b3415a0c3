/// A hook's URL as okrd takes it (SPEC §13): `http` or `https`, a host, no spaces or control
/// characters; `scheme://host[:port]` is what `hook list` and the log show of a secret one.
struct HookURL: Sendable {
    let text: String
    let scheme: String
    let authority: String
    let path: String

    static let maxLength = 2048

    /// Parses `text`, or says what is wrong with it.
    static func parse(_ text: String) -> Result<HookURL, Problem> {
        guard text.utf8.count <= maxLength else { return .failure(Problem("is longer than \(maxLength) bytes")) }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.value > 0x7E }) else {
            return .failure(Problem("holds a space, a control character or a character that is not ASCII (percent-encode it)"))
        }
        guard let separator = text.firstRange(of: "://") else { return .failure(Problem("is not an absolute URL (http://… or https://…)")) }
        let scheme = text[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return .failure(Problem("has the scheme '\(scheme)': only http and https are sent to"))
        }
        let rest = text[separator.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@") else {
            return .failure(Problem(authority.isEmpty ? "has no host" : "carries a user name or password before the host"))
        }
        guard !rest[authorityEnd...].contains("#") else { return .failure(Problem("has a fragment (#…), which is never sent")) }
        return .success(HookURL(text: text, scheme: scheme, authority: authority, path: String(rest[authorityEnd...])))
    }

    /// `https://hooks.slack.com`: what may be shown of the URL.
    var endpoint: String { "\(scheme)://\(authority)" }

    struct Problem: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}
