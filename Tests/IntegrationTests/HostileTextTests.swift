import Foundation
import OKREvents
import OKRTestSupport
import Testing

/// Hostile text through every text field of every command, and every output checked (SPEC §8):
/// characters that drive a terminal are refused on the way in (1004 naming the field, nothing
/// appended); text that is legal but dangerous elsewhere (markup, formulas) is stored as typed
/// and comes out inert in every format; and events stored before the rule (written straight
/// into the log here, as an older okrd would have) are never printed raw.
@Suite(.serialized) struct HostileTextTests {
    /// Characters no one-line field takes, each in a string that otherwise looks harmless.
    static let refusedEverywhere: [(name: String, text: String)] = [
        ("an OSC title sequence", "evil \u{1B}]0;pwned\u{07}\u{1B}[31mred"),
        ("BEL", "ring\u{07}"),
        ("a lone CR", "over\rwrite"),
        ("DEL", "rub\u{7F}out"),
        ("C1 NEL", "next\u{85}line"),
        ("C1 CSI", "csi\u{9B}31m"),
        ("U+2028", "line\u{2028}separator"),
        ("U+2029", "paragraph\u{2029}separator"),
        ("RLO", "abc\u{202E}fed"),
        ("LRI", "iso\u{2066}late\u{2069}"),
    ]
    /// What one-line fields refuse besides, and multi-line fields take.
    static let lineBreaks: [(name: String, text: String)] = [("LF", "two\nlines"), ("TAB", "a\ttab")]

    /// Each command with a text field, `§` standing for the hostile text, and the field's name.
    static let fields: [(command: [String], field: String, multiLine: Bool)] = [
        (["cycle", "add", "C2", "--start", "2026-04-01", "--end", "2026-06-30", "--name", "§"], "name", false),
        (["northstar", "add", "ns2", "--name", "§", "--metric", "m.ns"], "name", false),
        (["northstar", "add", "ns3", "--name", "N", "--metric", "m.ns", "--description", "§"], "description", true),
        (["strategy", "add", "s2", "--northstar", "ns", "§"], "statement", false),
        (["objective", "add", "§", "--cycle", "2026-Q1", "--team", "growth"], "title", false),
        (["objective", "drop", "O1", "--reason", "§"], "reason", true),
        (["kr", "add", "§", "--objective", "O1", "--metric", "m.x", "--target", "10"], "title", false),
        (["kr", "add", "T", "--objective", "O1", "--metric", "m.x", "--target", "10", "--unit", "§"], "unit", false),
        (["kr", "retarget", "K1", "--target", "20", "--reason", "§"], "reason", true),
        (["kr", "drop", "K1", "--reason", "§"], "reason", true),
        (["observe", "m.x", "1", "--source", "§"], "source", false),
        (["observe", "m.x", "1", "--key", "§"], "key", false),
        (["checkin", "K1", "--confidence", "5", "--note", "§"], "note", true),
        (["insight", "add", "§", "--on", "K1", "--expires", "2030-01-01"], "text", false),
        (["insight", "add", "T", "--on", "K1", "--expires", "2030-01-01", "--evidence", "§"], "evidence", true),
        (["link", "K1", "§"], "ref", false),
        (["link", "K1", "JIRA-9", "--title", "§"], "title", false),
    ]

    static func setUp(_ daemon: DaemonProcess) throws {
        try daemon.run([
            ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
            ["northstar", "add", "ns", "--name", "North", "--metric", "m.ns"],
            ["strategy", "add", "s", "--northstar", "ns", "Self-serve"],
            ["objective", "add", "Grow", "--cycle", "2026-Q1", "--team", "growth", "--id", "O1", "--strategy", "s"],
            ["kr", "add", "Reach", "--objective", "O1", "--metric", "m.x", "--target", "10", "--id", "K1"],
        ])
    }

    static func command(_ template: [String], _ text: String) -> [String] {
        template.map { $0 == "§" ? text : $0 }
    }

    @Test func controlCharactersAreRefusedInEveryFieldNamingItAndNothingIsAppended() throws {
        let daemon = try DaemonProcess()
        try Self.setUp(daemon)
        let before = try daemon.lastSeq
        var checked = 0
        for (template, field, multiLine) in Self.fields {
            for (name, text) in Self.refusedEverywhere + (multiLine ? [] : Self.lineBreaks) {
                let result = try daemon.okrctl(arguments: Self.command(template, text))
                #expect(result.status == 3, "\(template.prefix(2)) \(field) with \(name): \(result)")
                #expect(result.stderr.contains(field) && result.stderr.contains("U+"), "\(field) with \(name): \(result.stderr)")
                #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "the error itself is printable: \(result.stderr.debugDescription)")
                checked += 1
            }
        }
        #expect(try daemon.lastSeq == before, "nothing appended")
        #expect(checked == 17 * 10 + 11 * 2)
    }

    @Test func multiLineFieldsTakeLineFeedsAndTabsAndStoreCRLFAsLF() throws {
        let daemon = try DaemonProcess()
        try Self.setUp(daemon)
        let note = "shipped:\r\n\t- guided setup\r\n\t- sample data"
        #expect(try daemon.okrctl("checkin", "K1", "--confidence", "6", "--note", note).status == 0)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(daemon.okrctl("log", "--json", "--type", "CheckInRecorded").stdout.utf8)) as? [[String: Any]])
        #expect((events.last?["data"] as? [String: Any])?["note"] as? String == "shipped:\n\t- guided setup\n\t- sample data")
        // On a terminal the further lines of the note sit under its column.
        let show = try daemon.okrctl("kr", "show", "K1").stdout
        let lines = show.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.firstIndex { $0.hasSuffix("shipped:") })
        let column = try #require(lines[first].range(of: "shipped:")).lowerBound.utf16Offset(in: lines[first])
        #expect(lines[first + 1] == String(repeating: " ", count: column) + "    - guided setup", "\(show)")
        #expect(!show.contains("\t"))
        // Through apply, the same rules.
        let scratch = TemporaryDirectory("okr-hostile")
        let file = scratch.appending("okrs.toml")
        try "[[objective]]\nid = \"O9\"\ncycle = \"2026-Q1\"\nteam = \"growth\"\ntitle = \"bad \\u001b[31m\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let apply = try daemon.okrctl("apply", "-f", file)
        #expect(apply.status == 3 && apply.stderr.contains("title") && apply.stderr.contains("U+001B"), "\(apply)")
    }

    /// Text every field takes, dangerous only where it is not escaped.
    static let markup = #"<img src=x onerror=alert(1)>"#
    static let script = #"</title><script>alert("x")</script>"#
    static let link = #"<a href="javascript:alert(1)">click</a>"#
    static let formula = #"=HYPERLINK("http://evil","click")"#

    @Test func legalButHostileTextComesOutInertInEveryFormat() throws {
        let daemon = try DaemonProcess()
        try daemon.run([
            ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31", "--name", Self.script],
            ["northstar", "add", "ns", "--name", Self.markup, "--metric", "m.ns", "--description", Self.link],
            ["strategy", "add", "s", "--northstar", "ns", Self.link],
            ["objective", "add", Self.script, "--cycle", "2026-Q1", "--team", "growth", "--id", "O1", "--strategy", "s"],
            ["kr", "add", Self.formula, "--objective", "O1", "--metric", "m.x", "--target", "10", "--id", "K1", "--unit", Self.markup],
            ["kr", "add", "+SUM(1,2)", "--objective", "O1", "--metric", "m.y", "--target", "10", "--id", "K2"],
            ["kr", "add", "@cmd", "--objective", "O1", "--metric", "m.z", "--target=-5", "--baseline=-1", "--id", "K3"],
            ["observe", "m.x", "2", "--at", "2026-01-05", "--source", Self.markup],
            ["observe", "m.x", "4", "--at", "2026-01-20", "--source", Self.formula],
            ["observe", "m.x", "5", "--at", "2026-02-01"],
            ["observe", "m.z", "--at", "2026-01-20", "--", "-2"],
            ["checkin", "K1", "--confidence", "7", "--note", Self.script + "\n" + Self.link],
            ["insight", "add", Self.markup, "--on", "K1", "--expires", "2030-01-01", "--evidence", Self.link],
            ["link", "K1", "JIRA-1", "--title", Self.markup],
            ["kr", "retarget", "K2", "--target", "12", "--reason", Self.formula],
        ])
        try Self.checkEveryOutput(of: daemon, expecting: [Self.markup, Self.script, Self.formula])
        // JSON keeps the text exactly as typed.
        let status = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15").json()
        let objective = try #require(((status["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first)
        #expect(objective["title"] as? String == Self.script)
        let krs = try #require(objective["krs"] as? [[String: Any]])
        #expect(krs.first?["title"] as? String == Self.formula && krs.first?["unit"] as? String == Self.markup)
        // CSV: formulas defused with a quote, numbers (negative ones too) left numbers.
        let rows = try Self.csvRows(daemon.okrctl("export", "--format", "csv").stdout)
        let header = try #require(rows.first)
        let title = try #require(header.firstIndex(of: "title")), target = try #require(header.firstIndex(of: "target"))
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[header.firstIndex(of: "kr")!], $0) })
        #expect(byID["K1"]?[title] == "'" + Self.formula)
        #expect(byID["K2"]?[title] == "'+SUM(1,2)")
        #expect(byID["K3"]?[title] == "'@cmd")
        #expect(byID["K3"]?[target] == "-5", "a number stays a number")
        #expect(byID["K3"]?[header.firstIndex(of: "current")!] == "-2")
    }

    @Test func eventsStoredBeforeTheRuleAreNeverPrintedRaw() async throws {
        // An older okrd took anything: write such events straight into a log, then serve it.
        let directory = TemporaryDirectory("okrd-legacy")
        let legacyTitle = "evil \u{1B}]0;pwned\u{07}\u{1B}[31mred\u{202E}txt.exe"
        let legacyUnit = "h\u{9B}31m"
        do {
            let log = try EventLog(directory: directory.appending("data"))
            let events: [any EventData] = [
                CycleDefined(id: "2026-Q1", name: "Q1\u{1B}[2J", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!),
                ObjectiveCreated(id: "O1", cycle: "2026-Q1", team: "growth", title: "two\nlines\u{2028}here"),
                KeyResultCreated(id: "K1", objective: "O1", title: legacyTitle, metric: "m.x", target: 10, unit: legacyUnit),
                CheckInRecorded(kr: "K1", confidence: 5, note: "ok\u{1B}[8mhidden\u{7F}"),
            ]
            for event in events {
                _ = try await log.append(NewEvent(EventPayload(event), effectiveAt: Instant(rfc3339: "2026-01-10T00:00:00Z"), actor: "legacy"))
            }
            _ = try await log.append(NewEvent(EventPayload(MetricObserved(metric: "m.x", value: 3, source: "cron\u{1B}[1m")),
                                              effectiveAt: Instant(rfc3339: "2026-01-12T00:00:00Z"), actor: "legacy"))
            log.close()
        }
        let daemon = try DaemonProcess(directory: directory)
        try Self.checkEveryOutput(of: daemon, expecting: [])
        let status = try daemon.okrctl("status", "--as-of", "2026-02-01").stdout
        #expect(status.contains(#"evil \u{1B}]0;pwned\u{07}\u{1B}[31mred\u{202E}txt.exe"#), "visible escapes: \(status)")
        let show = try daemon.okrctl("kr", "show", "K1").stdout
        #expect(show.contains(#"ok\u{1B}[8mhidden\u{7F}"#), "\(show)")
        // JSON: the exact characters, escaped as JSON escapes them.
        let json = try daemon.okrctl("status", "--json", "--as-of", "2026-02-01")
        #expect(json.stdout.contains(#"\u001b]0;pwned\u0007"#) && json.stdout.contains(#"\u202e"#), "\(json.stdout)")
        let kr = try #require(((((try json.json())["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first?["krs"] as? [[String: Any]])?.first)
        #expect(kr["title"] as? String == legacyTitle && kr["unit"] as? String == legacyUnit)
    }

    // MARK: Every output

    /// Runs every command that prints stored text, in every format, and checks each output.
    static func checkEveryOutput(of daemon: DaemonProcess, expecting texts: [String]) throws {
        let asOf = ["--as-of", "2026-02-15"]
        let commands: [[String]] = [
            ["status"] + asOf, ["tree"] + asOf, ["kr", "show", "K1"] + asOf, ["kr", "show", "K1"], ["lint"] + asOf, ["score", "--cycle", "2026-Q1"],
            ["cycle", "list"], ["insight", "list"], ["feeds", "--all"], ["log", "--all"], ["calibration"],
        ]
        for command in commands {
            let text = try daemon.okrctl(arguments: command)
            #expect(text.status == 0 || text.status == 4, "\(command): \(text)")
            Self.expectPrintable(text.stdout, "\(command.joined(separator: " "))")
            Self.expectPrintable(text.stderr, "\(command.joined(separator: " ")) (stderr)")
            let json = try daemon.okrctl(arguments: command + ["--json"])
            Self.expectPrintable(json.stdout, "\(command.joined(separator: " ")) --json")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(command) --json is JSON: \(json.stdout.prefix(300))")
        }
        for format in ["csv", "prometheus", "ndjson"] {
            let export = try daemon.okrctl("export", "--format", format)
            #expect(export.status == 0, "\(export)")
            Self.expectPrintable(export.stdout, "export --format \(format)", allowCR: format == "csv")
        }
        let prometheus = try daemon.okrctl("export", "--format", "prometheus").stdout
        for line in prometheus.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: /[a-z_]+(\{([a-z]+="[^"\\\n]*",?)*\})? -?[0-9.e+-]+|NaN/) != nil, "a sample line: \(line)")
        }
        let scratch = TemporaryDirectory("okr-report")
        let page = scratch.appending("report.html")
        let report = try daemon.okrctl("report", "--cycle", "2026-Q1", "--as-of", "2026-02-15", "--out", page)
        #expect(report.status == 0, "\(report)")
        try Self.expectInertHTML(page, showing: texts)
    }

    /// No character that drives a terminal: C0 controls but LF (and CR in CSV line ends), DEL,
    /// C1, the separators and the bidi controls.
    static func expectPrintable(_ text: String, _ what: String, allowCR: Bool = false) {
        let bad = text.unicodeScalars.first {
            switch $0.value {
            case 0x0A: false
            case 0x0D: !allowCR
            case 0x00...0x1F, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: true
            default: false
            }
        }
        #expect(bad == nil, "\(what) prints U+\(String(bad?.value ?? 0, radix: 16)): \(text.prefix(400).debugDescription)")
    }

    /// Parses the page with Python's `html.parser` (a parser we did not write): no script element,
    /// no event-handler attribute, no `javascript:` URL, and each hostile text shows as text.
    static func expectInertHTML(_ path: String, showing texts: [String]) throws {
        let checker = #"""
        import json, sys
        from html.parser import HTMLParser
        class Check(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.problems, self.text = [], []
            def handle_starttag(self, tag, attrs):
                if tag in ("script", "iframe", "object", "embed", "base", "meta") and not (tag == "meta" and all(k in ("charset", "name", "content") for k, _ in attrs)):
                    self.problems.append("element <%s>" % tag)
                for name, value in attrs:
                    if name.lower().startswith("on"):
                        self.problems.append("attribute %s on <%s>" % (name, tag))
                    if value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                        self.problems.append("URL %s in %s" % (value, name))
            def handle_data(self, data):
                self.text.append(data)
        check = Check()
        check.feed(open(sys.argv[1], encoding="utf-8").read())
        check.close()
        print(json.dumps({"problems": check.problems, "text": "".join(check.text)}))
        """#
        let result = try DaemonProcess.run("/usr/bin/env", ["python3", "-c", checker, path])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect((parsed["problems"] as? [String]) == [], "the report is not inert: \(parsed["problems"] ?? "")")
        let text = parsed["text"] as? String ?? ""
        for hostile in texts { #expect(text.contains(hostile), "\(hostile) shows as text in the report") }
        expectPrintable(text, "the report's text", allowCR: false)
    }

    /// RFC 4180 rows, read by Python's `csv` module.
    static func csvRows(_ text: String) throws -> [[String]] {
        let reader = "import csv, json, sys\nprint(json.dumps(list(csv.reader(sys.stdin.read().splitlines(keepends=True)))))"
        let result = try DaemonProcess.run("/usr/bin/env", ["python3", "-c", reader], input: text)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]], "\(result)")
    }
}
