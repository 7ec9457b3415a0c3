import Foundation

/// One RFC 5322 message with a `multipart/alternative` body of a text/plain and a text/html
/// part (RFC 2046), as `sendmail -t` reads it: recipients in `To:`, lines ending in LF.
///
/// Nothing a user typed reaches a header raw: the subject is an RFC 2047 encoded-word, and the
/// addresses are ones ``Identifiers/isValidEmail(_:)`` accepted (no spaces, quotes or line
/// breaks). Both parts are base64, whose alphabet cannot contain the boundary (`=_` never occurs).
struct MailMessage {
    var to: [String]
    var subject: String
    var date: Date
    var text: String
    var html: String

    var rendered: String {
        let boundary = "=_okr_" + String(Self.fingerprint(text + html), radix: 16)
        var lines = [
            "To: " + to.joined(separator: ", "),
            "Subject: " + Self.encodedWord(subject),
            "Date: " + Self.dateFormatter.string(from: date),
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a MIME message: a text and an HTML version of the same digest.",
        ]
        for (type, content) in [("text/plain", text), ("text/html", html)] {
            lines += ["", "--" + boundary, "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(content)
        }
        lines += ["", "--" + boundary + "--", ""]
        return lines.joined(separator: "\n")
    }

    /// FNV-1a of `content`: the same digest gets the same boundary (Swift's `hashValue` is
    /// seeded anew in every process).
    static func fingerprint(_ content: String) -> UInt64 {
        content.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    /// `=?utf-8?B?…?=` words of at most 75 characters each, split between characters.
    static func encodedWord(_ text: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in text {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\n ")
    }

    static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let begin = encoded.index(encoded.startIndex, offsetBy: start)
            let end = encoded.index(begin, offsetBy: min(76, encoded.count - start))
            return String(encoded[begin..<end])
        }
    }

    /// RFC 5322's date: `Wed, 02 Dec 2026 19:00:00 +0000`.
    private static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }()
}
