import Foundation
import OKRTestSupport
import Testing

/// `okrctl digest` through the real daemon: every form, and `--mail` read back by Python's
/// `email` package as a mail client would.
@Suite(.serialized) struct DigestCommandTests {
    /// A day `offset` days from today, as okrctl takes dates.
    static func day(_ offset: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    /// A cycle running now, owned OKRs, and a week with movement: KR-1 climbs and its confidence
    /// rises, KR-2's falls from 5 to 2 with a hostile note that every form must keep text.
    static let shared = SharedDaemon([
        ["person", "set", "maria", "--email", "maria@example.com"],
        ["person", "set", "sam_o"],
        ["cycle", "add", "now", "--start", day(-60), "--end", day(30), "--name", "This quarter"],
        ["objective", "add", "Make onboarding effortless", "--cycle", "now", "--team", "growth", "--owner", "maria"],
        ["kr", "add", "Onboarding completion to 85%", "--objective", "O-1", "--metric", "onboarding", "--baseline", "60",
         "--target", "85", "--unit", "%"],
        ["kr", "add", "Time to first value to 2 h", "--objective", "O-1", "--metric", "ttfv", "--baseline", "48", "--target", "2",
         "--unit", "h", "--owner", "sam_o"],
        ["observe", "onboarding", "60", "--at", day(-20)], ["observe", "onboarding", "70", "--at", day(-10)],
        ["observe", "onboarding", "75", "--at", day(-2)],
        ["observe", "ttfv", "40", "--at", day(-20)], ["observe", "ttfv", "30", "--at", day(-3)],
        ["checkin", "KR-1", "--confidence", "7", "--note", "guided setup shipped", "--at", day(-12)],
        ["checkin", "KR-1", "--confidence", "8", "--note", "completion climbing", "--at", day(-2)],
        ["checkin", "KR-2", "--confidence", "5", "--at", day(-12)],
        ["checkin", "KR-2", "--confidence", "2", "--note", "<img src=x onerror=alert(1)> *bold* [link](javascript:alert(1))",
         "--at", day(-1)],
    ])

    /// The default window: the 7 days up to now.
    static let window: [String] = []

    @Test func textMarkdownHTMLAndJSONSayTheSameThings() throws {
        let daemon = try Self.shared.get()
        let json = try daemon.okrctl(arguments: ["digest", "--json"] + Self.window)
        #expect(json.status == 0, "\(json)")
        let report = try json.json()
        #expect(report["owners"] as? [String] == ["maria", "sam_o"])
        let krs = try #require(((report["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first?["keyResults"] as? [[String: Any]])
        let kr2 = try #require(krs.first { $0["id"] as? String == "KR-2" })
        #expect(kr2["confidenceThen"] as? Int == 5 && kr2["confidenceNow"] as? Int == 2 && kr2["confidenceDropped"] as? Bool == true)

        let text = try daemon.okrctl(arguments: ["digest"] + Self.window)
        #expect(text.status == 0 && text.stdout.contains("KR-2") && text.stdout.contains("confidence 5/10 → 2/10, down 3"), "\(text)")
        #expect(text.stdout.contains("onerror") && text.stdout.contains("completion climbing"), "the week's check-in notes")
        #expect(text.stdout.contains("confidence 7/10 → 8/10"))

        let markdown = try daemon.okrctl(arguments: ["digest", "--format", "markdown"] + Self.window).stdout
        #expect(markdown.hasPrefix("# OKR digest"))
        #expect(markdown.contains(#"\<img src\=x onerror\=alert\(1\)\>"#), "markup in a note is escaped: \(markdown)")
        #expect(!markdown.contains("[link](javascript"), "no link can be formed")

        let html = try daemon.okrctl(arguments: ["digest", "--format", "html"] + Self.window).stdout
        #expect(html.contains("<svg class=\"spark\""), "a sparkline for the metrics that moved")
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;") && !html.contains("<img"))
    }

    @Test func mailIsOneMultipartMessageForTheOwnersWithEmail() throws {
        let daemon = try Self.shared.get()
        let result = try daemon.okrctl(arguments: ["digest", "--mail"] + Self.window)
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("sam_o has no email"), "an owner without an address is named: \(result.stderr)")
        let parsed = try DaemonProcess.run("/usr/bin/python3", ["-c", """
            import email, json, sys
            from email import policy
            message = email.message_from_string(sys.stdin.read(), policy=policy.default)
            parts = [(p.get_content_type(), p.get_content()) for p in message.iter_parts()]
            print(json.dumps({"type": message.get_content_type(), "to": str(message["To"]), "subject": str(message["Subject"]),
                              "defects": len(message.defects), "parts": parts}))
            """], input: result.stdout)
        #expect(parsed.status == 0, "\(parsed)")
        let mail = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
        #expect(mail["type"] as? String == "multipart/alternative")
        #expect(mail["to"] as? String == "maria@example.com")
        #expect((mail["subject"] as? String)?.contains("OKR digest \(Self.day(-7)) → \(Self.day(0)) · This quarter") == true, "\(mail)")
        #expect(mail["defects"] as? Int == 0)
        let parts = try #require(mail["parts"] as? [[String]])
        #expect(parts.map(\.[0]) == ["text/plain", "text/html"])
        for (type, content) in parts.map({ ($0[0], $0[1]) }) {
            for expected in ["KR-1", "KR-2", "onerror", "5/10 → 2/10"] {
                #expect(content.contains(expected), "\(type) says \(expected)")
            }
        }
        #expect(!parts[1][1].contains("<img"), "the HTML part escapes the note")

        let chosen = try daemon.okrctl(arguments: ["digest", "--mail", "--to", "team@example.org"] + Self.window)
        #expect(chosen.stdout.contains("To: team@example.org") && !chosen.stderr.contains("no email"))
    }

    /// SPEC §8 "Mail": From (`[notify] from`), Date and Message-ID; 41 owners' To folded after
    /// commas, no line over 998 bytes (78 where an address allows); encoded-words of at most 75
    /// characters, split between scalars inside a cluster longer than one word.
    @Test func mailIsStrictRFC5322AndRFC2047() throws {
        let directory = TemporaryDirectory("okrd-mail")
        let config = directory.appending("okrd.toml")
        try "[notify]\nfrom = \"okr-digest@okr.example.org\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        // A team name of one grapheme cluster far longer than an encoded-word may hold.
        let cluster = "e" + String(repeating: "\u{301}", count: 60)
        try daemon.run([["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31", "--name", "Q1 " + cluster]])
        var commands: [[String]] = []
        for index in 1...41 {
            let person = "owner_with_a_long_name_\(index)"
            commands.append(["person", "set", person, "--email", "\(person)@subdomain.example.org"])
            commands.append(["objective", "add", "Objective \(index)", "--cycle", "2026-Q1", "--team", "growth", "--owner", person])
        }
        try daemon.run(commands)
        let result = try daemon.okrctl("digest", "--mail", "--cycle", "2026-Q1", "--as-of", "2026-02-15", "--since", "2026-02-08")
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.utf8.count <= 998 }, "a line over 998 bytes")
        let headers = lines.prefix { !$0.isEmpty }
        #expect(headers.allSatisfy { $0.utf8.count <= 78 }, "every header line folded within 78: \(headers.filter { $0.utf8.count > 78 })")
        let words = result.stdout.matches(of: /=\?utf-8\?B\?[A-Za-z0-9+\/=]*\?=/).map { String($0.output) }
        #expect(!words.isEmpty && words.allSatisfy { $0.count <= 75 }, "\(words.map { $0.count })")
        let parsed = try DaemonProcess.run("/usr/bin/python3", ["-c", """
            import email, json, sys
            from email import policy
            message = email.message_from_string(sys.stdin.read(), policy=policy.default)
            to = message["To"].addresses
            print(json.dumps({"from": str(message["From"]), "date": str(message["Date"]), "id": str(message["Message-ID"]),
                              "to": len(to), "subject": str(message["Subject"]), "defects": len(message.defects) + sum(len(h.defects) for h in message.values() if hasattr(h, "defects"))}))
            """], input: result.stdout)
        let mail = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any], "\(parsed)")
        #expect(mail["from"] as? String == "okr-digest@okr.example.org")
        #expect((mail["date"] as? String)?.isEmpty == false && (mail["id"] as? String)?.hasSuffix("@okr.example.org>") == true, "\(mail)")
        #expect(mail["to"] as? Int == 41)
        #expect((mail["subject"] as? String)?.contains(cluster) == true, "the subject decodes whole: \(mail)")
        #expect(mail["defects"] as? Int == 0)
    }

    /// The HTML digest of an objective scored from its children draws their moves, not an
    /// empty key-result table.
    @Test func theHTMLDigestShowsChildrenWhereAnObjectiveIsScoredFromThem() throws {
        let daemon = try DaemonProcess()
        try daemon.run([["cycle", "add", "2026", "--start", "2026-01-01", "--end", "2026-12-31"],
                        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
                        ["objective", "add", "Annual", "--cycle", "2026", "--team", "growth", "--id", "A", "--progress", "children"],
                        ["objective", "add", "Quarter", "--cycle", "2026-Q1", "--team", "growth", "--id", "Q", "--parent", "A:2"],
                        ["kr", "add", "K", "--objective", "Q", "--metric", "m", "--baseline", "0", "--target", "10"],
                        ["observe", "m", "2", "--at", "2026-02-01"], ["observe", "m", "5", "--at", "2026-02-12"]])
        let html = try daemon.okrctl("digest", "--cycle", "2026", "--since", "2026-02-08", "--as-of", "2026-02-15", "--format", "html").stdout
        #expect(html.contains("<th>Child objective</th>") && html.contains("<b>Q</b> Quarter"), "\(html)")
        #expect(!html.contains("<th>Key result</th>"), "no empty key-result table under A")
        let text = try daemon.okrctl("digest", "--cycle", "2026", "--since", "2026-02-08", "--as-of", "2026-02-15").stdout
        #expect(text.contains("↳ Q Quarter · 2026-Q1 ×2 · score 20% → 50%"), "\(text)")
    }

    @Test func badRequestsAreRefused() throws {
        let daemon = try Self.shared.get()
        #expect(try daemon.okrctl("digest", "--to", "a@example.org").status == 1, "--to without --mail")
        #expect(try daemon.okrctl("digest", "--mail", "--to", "not-an-address").status == 1)
        #expect(try daemon.okrctl("digest", "--since", "2026-02-20", "--as-of", "2026-02-10").status == 3)
        #expect(try daemon.okrctl("digest", "--owner", "nobody").status == 3)
        let nobodyMailable = try daemon.okrctl(arguments: ["digest", "--mail", "--owner", "sam_o"] + Self.window)
        #expect(nobodyMailable.status == 1 && nobodyMailable.stderr.contains("--to"), "\(nobodyMailable)")
    }
}
