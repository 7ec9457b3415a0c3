import Foundation
import OKREvents
import OKRWire

/// How a notice becomes one HTTP request in each format of SPEC §13.
enum HookFormat: String, CaseIterable, Sendable {
    /// Standard Webhooks: a signed JSON body `{"type", "timestamp", "data": {"event", "subject"}}`.
    case standard
    /// A Slack incoming webhook: `text` and mrkdwn section `blocks`.
    case slack
    /// A Teams Workflows webhook: a message with an Adaptive Card 1.4.
    case teams
    /// The Matrix client-server API: `PUT …/send/m.room.message/<delivery id>`, an `m.notice`.
    case matrix

    /// Whether the whole URL is a credential, kept out of the log (Slack's and Teams').
    var urlIsSecret: Bool { self == .slack || self == .teams }

    /// The request of one attempt; `credential` is what the secrets file holds for the hook.
    func request(_ notice: HookNotice, id: String, credential: HookSecrets.Credential) -> HookRequest {
        let json = [("content-type", "application/json")]
        switch self {
        case .standard:
            return HookRequest(method: "POST", url: credential.url, headers: json, body: Self.standardBody(notice),
                               signing: credential.secret.map { StandardWebhookSigning(id: id, secret: $0) })
        case .slack:
            return HookRequest(method: "POST", url: credential.url, headers: json, body: Self.slackBody(notice))
        case .teams:
            return HookRequest(method: "POST", url: credential.url, headers: json, body: Self.teamsBody(notice))
        case .matrix:
            let base = credential.url.hasSuffix("/") ? String(credential.url.dropLast()) : credential.url
            let transaction = id.addingPercentEncodingForPath()
            return HookRequest(method: "PUT", url: "\(base)/send/m.room.message/\(transaction)",
                               headers: json + [("authorization", "Bearer \(credential.token ?? "")")], body: Self.matrixBody(notice))
        }
    }

    static func standardBody(_ notice: HookNotice) -> [UInt8] {
        var body: [UInt8] = Array((notice.carriesDocument ? #"{"data":{"document":"# : #"{"data":{"event":"#).utf8)
        body += Array(notice.event.utf8)
        body += Array(#","subject":"#.utf8)
        body += Array(notice.subjectJSON.utf8)
        body += Array(#"},"timestamp":"#.utf8)
        body.appendJSONString(notice.at.rfc3339)
        body += Array(#","type":"#.utf8)
        body.appendJSONString(notice.kind.rawValue)
        body += Array("}".utf8)
        return body
    }

    static func slackBody(_ notice: HookNotice) -> [UInt8] {
        let facts = notice.facts.map { "*\(slackEscaped($0.label)):* \(slackEscaped($0.value))" }.joined(separator: "  ·  ")
        var body: [UInt8] = Array(#"{"text":"#.utf8)
        body.appendJSONString(notice.line)
        body += Array(#","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"#.utf8)
        body.appendJSONString("*\(slackEscaped(notice.title))*\n\(slackEscaped(notice.line))")
        body += Array(#"}}"#.utf8)
        if let details = notice.details, !details.isEmpty {
            body += Array(#",{"type":"section","text":{"type":"mrkdwn","text":"#.utf8)
            body.appendJSONString(String(details.map { "• " + slackEscaped($0) }.joined(separator: "\n").prefix(2900)))
            body += Array(#"}}"#.utf8)
        }
        if !facts.isEmpty {
            body += Array(#",{"type":"context","elements":[{"type":"mrkdwn","text":"#.utf8)
            body.appendJSONString(facts)
            body += Array(#"}]}"#.utf8)
        }
        body += Array("]}".utf8)
        return body
    }

    static func teamsBody(_ notice: HookNotice) -> [UInt8] {
        var body: [UInt8] = Array(#"{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard","version":"1.4","body":["#.utf8)
        body += Array(#"{"type":"TextBlock","size":"Medium","weight":"Bolder","wrap":true,"text":"#.utf8)
        body.appendJSONString(teamsEscaped(notice.title))
        body += Array(#"},{"type":"TextBlock","wrap":true,"text":"#.utf8)
        body.appendJSONString(teamsEscaped(notice.line))
        body += Array("}".utf8)
        for detail in notice.details ?? [] {
            body += Array(#",{"type":"TextBlock","wrap":true,"spacing":"None","text":"#.utf8)
            body.appendJSONString("- " + teamsEscaped(detail))
            body += Array("}".utf8)
        }
        if !notice.facts.isEmpty {
            body += Array(#",{"type":"FactSet","facts":["#.utf8)
            for (index, fact) in notice.facts.enumerated() {
                if index > 0 { body += Array(",".utf8) }
                body += Array(#"{"title":"#.utf8)
                body.appendJSONString(teamsEscaped(fact.label))
                body += Array(#","value":"#.utf8)
                body.appendJSONString(teamsEscaped(fact.value))
                body += Array("}".utf8)
            }
            body += Array("]}".utf8)
        }
        body += Array("]}}]}".utf8)
        return body
    }

    static func matrixBody(_ notice: HookNotice) -> [UInt8] {
        var body: [UInt8] = Array(#"{"msgtype":"m.notice","body":"#.utf8)
        let details = notice.details ?? []
        body.appendJSONString(([notice.line] + details.map { "- " + $0 }).joined(separator: "\n"))
        body += Array(#","format":"org.matrix.custom.html","formatted_body":"#.utf8)
        let list = details.isEmpty ? "" : "<ul>" + details.map { "<li>\(htmlEscaped($0))</li>" }.joined() + "</ul>"
        body.appendJSONString("<strong>\(htmlEscaped(notice.title))</strong><br>\(htmlEscaped(notice.line))" + list)
        body += Array("}".utf8)
        return body
    }

    /// Slack's escaping of user text: `&`, `<` and `>` (which would otherwise make links and mentions).
    static func slackEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// HTML's, for Matrix's `formatted_body`.
    static func htmlEscaped(_ text: String) -> String {
        slackEscaped(text).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Adaptive Cards read a subset of Markdown in a TextBlock: a backslash keeps a title's
    /// `*`, `_`, `[`, `]` and the like from turning into emphasis or a link.
    static func teamsEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\*_[]()`~#>-".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

extension String {
    /// Percent-encodes what may not stand in one path segment (RFC 3986 unreserved kept).
    func addingPercentEncodingForPath() -> String {
        var encoded = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    private func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
