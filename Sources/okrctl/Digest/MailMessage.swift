import OKRPages
import Foundation

/// One RFC 5322 message with a `multipart/alternative` body of a text/plain and a text/html
/// part (RFC 2046), as `sendmail -t` reads it: recipients in `To:`, lines ending in LF.
///
/// Nothing a user typed reaches a header raw: the subject is RFC 2047 encoded-words, and the
/// addresses are ones ``Identifiers/isValidEmail(_:)`` accepted (no spaces, quotes or line
/// breaks). `From`, `Date` and `Message-ID` are always there; no line passes 998 bytes (SPEC §8
/// "Mail"). Both parts are base64, whose alphabet cannot contain the boundary (`=_` never occurs).
struct MailMessage {
    var from: String
    var to: [String]
    var subject: String
    var date: Date
    var text: String
    var html: String

    /// RFC 5322 recommends lines of at most 78 characters; 998 is the hard limit.
    static let foldAt = 78

    var rendered: String {
        let boundary = "=_okr_" + String(Self.fingerprint(text + html), radix: 16)
        var lines = [
            "From: " + from,
            Self.addressList("To", to),
            "Subject: " + Self.encodedWord(subject),
            "Date: " + Self.dateFormatter.string(from: date),
            "Message-ID: " + messageID,
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

    /// `<digest fingerprint.seconds@the sender's domain>`: unique per digest and moment.
    var messageID: String {
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        return "<okr-digest.\(String(Self.fingerprint(text + html + to.joined()), radix: 16)).\(Int64(date.timeIntervalSince1970))@\(domain)>"
    }

    /// `NAME: a, b, …` folded after commas so that no line passes ``foldAt`` where an address
    /// allows it (an address alone is at most 254 bytes, well within 998).
    static func addressList(_ name: String, _ addresses: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        for (index, address) in addresses.enumerated() {
            let piece = address + (index < addresses.count - 1 ? "," : "")
            if line.utf8.count + 1 + piece.utf8.count > foldAt, line != name + ":" {
                lines.append(line)
                line = ""
            }
            line += " " + piece
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// FNV-1a of `content`: the same digest gets the same boundary (Swift's `hashValue` is
    /// seeded anew in every process).
    static func fingerprint(_ content: String) -> UInt64 {
        content.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }

    /// The UTF-8 bytes of one encoded-word: base64 of 42 bytes is 56 characters, so a word is
    /// 68 (RFC 2047: at most 75) and `Subject: ` with its first word stays within 78.
    static let encodedWordBytes = 42

    /// `=?utf-8?B?…?=` words of at most 75 characters each (RFC 2047): at most
    /// ``encodedWordBytes`` of UTF-8 a word, split between Unicode scalars (even inside a grapheme
    /// cluster, which may be longer than any word), one word a line.
    static func encodedWord(_ text: String) -> String {
        var words: [String] = []
        var chunk = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            let size = String(scalar).utf8.count
            if bytes + size > Self.encodedWordBytes {
                words.append(String(chunk))
                chunk = String.UnicodeScalarView()
                bytes = 0
            }
            chunk.append(scalar)
            bytes += size
        }
        if !chunk.isEmpty || words.isEmpty { words.append(String(chunk)) }
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
