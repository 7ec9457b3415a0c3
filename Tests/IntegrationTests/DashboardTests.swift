import Foundation
import Testing

/// `okrctl dashboard` (SPEC §12) over HTTP, against the real okrd: the pages show a scripted
/// quarter's numbers, escape every title, carry the safety headers on every answer, refuse what
/// a read-only dashboard must refuse, and say when okrd is gone — and recover when it is back.
@Suite(.serialized) struct DashboardTests {
    static let hostile = "Onboard <img src=x onerror=alert(1)> <script>alert(2)</script>"
    static let quarter: [[String]] = [
        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
        ["objective", "add", hostile, "--cycle", "2026-Q1", "--team", "growth"],
        ["kr", "add", "Completion", "--objective", "O-1", "--metric", "m", "--baseline", "0", "--target", "100"],
        ["observe", "m", "40", "--at", "2026-02-01"],
        ["checkin", "KR-1", "--confidence", "7", "--note", "steady <b>progress</b>", "--at", "2026-02-02"],
    ]

    static func setUp() throws -> (DaemonProcess, DashboardProcess) {
        let daemon = try DaemonProcess()
        try daemon.run(quarter)
        return (daemon, try DashboardProcess(socket: daemon.socketPath))
    }

    static func expectSafetyHeaders(_ answer: RawHTTP.Answer, _ what: String) {
        #expect(answer.headers["content-security-policy"]?.contains("default-src 'self'") == true, "\(what): \(answer)")
        #expect(answer.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "\(what)")
        #expect(answer.headers["x-content-type-options"] == "nosniff", "\(what)")
        #expect(answer.headers["referrer-policy"] == "no-referrer", "\(what)")
        #expect(answer.headers["access-control-allow-origin"] == nil, "\(what)")
    }

    @Test func theOverviewShowsTheQuarterAndEveryTitleAsText() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        let page = try dashboard.get("/?as-of=2026-02-15")
        #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true, "\(page)")
        #expect(page.body.contains("40 → 100"), "the KR's current and target")
        #expect(page.body.contains(">0.4<"), "its score, 40 of 100 from a baseline of 0")
        #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt;"), "the title, as text")
        #expect(!page.body.contains("<img") && !page.body.contains("<script>alert"), "no markup from a title")
        #expect(!page.body.contains("style=") && !page.body.contains("<script>"), "no inline style or script")
        #expect(page.body.contains("<input type=\"date\" name=\"as-of\" value=\"2026-02-15\">"), "the date control holds the view")
        Self.expectSafetyHeaders(page, "/")

        let earlier = try dashboard.get("/?as-of=2026-01-20")
        #expect(earlier.body.contains("– → 100"), "before the first observation there is no value: \(earlier.body.prefix(200))")

        let kr = try dashboard.get("/kr/KR-1?as-of=2026-02-15")
        #expect(kr.status == 200 && kr.body.contains("<svg") && kr.body.contains("steady &lt;b&gt;progress&lt;/b&gt;"), "\(kr)")
        for path in ["/tree", "/due", "/health", "/tree?as-of=2026-02-15"] {
            let answer = try dashboard.get(path)
            #expect(answer.status == 200, "\(path): \(answer)")
            #expect(!answer.body.contains("<img"), "\(path) escapes the title")
            Self.expectSafetyHeaders(answer, path)
        }
        #expect(try dashboard.get("/health").body.contains("growth"), "the team counts on /health")
    }

    @Test func eachKeyResultCarriesItsHistoryAsASparkline() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        #expect(try daemon.okrctl("observe", "m", "52", "--at", "2026-02-08").status == 0)
        let page = try dashboard.get("/?as-of=2026-02-15")
        let spark = page.body.range(of: "aria-label=\"history of KR-1\"")
        #expect(spark != nil, "a sparkline for KR-1: \(page.body)")
        // Two observations, 40 then 52, scaled to their own range: from the bottom-left corner to the top-right.
        #expect(page.body.contains("points=\"2.0,22.0 118.0,2.0\""), "\(page.body)")
        let before = try dashboard.get("/?as-of=2026-02-03")
        #expect(!before.body.contains("history of KR-1\"><polyline"), "one observation draws no line yet")
    }

    @Test func aKioskTurnsThroughTheTeamsWithoutControls() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        try daemon.run(Self.quarter + [["objective", "add", "Keep them", "--cycle", "2026-Q1", "--team", "retention"]])
        let dashboard = try DashboardProcess(socket: daemon.socketPath, arguments: ["--kiosk", "7"])
        defer { dashboard.stop() }
        let first = try dashboard.get("/?as-of=2026-02-15")
        #expect(first.status == 200 && first.body.contains("<body class=\"kiosk\">"), "\(first)")
        #expect(!first.body.contains("<form") && !first.body.contains("<nav"), "no controls on a TV")
        #expect(first.body.contains("<b>growth</b> <span class=\"muted\">1 of 2</span>") && first.body.contains("40 → 100"))
        #expect(!first.body.contains("Keep them"), "one team per screen")
        #expect(first.body.contains("<meta http-equiv=\"refresh\" content=\"7; url=/?as-of=2026-02-15T00%3A00%3A00Z&amp;screen=1\">"),
                "the next team after 7 s, script or not: \(first.body.prefix(600))")
        let second = try dashboard.get("/?as-of=2026-02-15T00:00:00Z&screen=1")
        #expect(second.body.contains("<b>retention</b> <span class=\"muted\">2 of 2</span>") && second.body.contains("Keep them"))
        #expect(!second.body.contains("40 → 100") && second.body.contains("screen=0"), "and back to the first")
        #expect(try dashboard.get("/assets/dashboard.css").body.contains("body.kiosk { font-size: 150%"), "type 1.5× the page's")
    }

    @Test(arguments: [["--listen", "7480"], ["--listen", "127.0.0.1:99999"], ["--listen", ":80"], ["--kiosk", "0"]])
    func aBadOptionIsAUsageErrorBeforeAnythingListens(_ arguments: [String]) throws {
        let result = try DaemonProcess.run(DaemonProcess.okrctl, ["dashboard"] + arguments, environment: ["OKR_SOCKET": "/nonexistent/okrd.sock"])
        #expect(result.status == 1, "\(arguments): \(result)")
        #expect(result.stderr.contains(arguments[0]) && result.stdout.isEmpty, "names the option, prints no URL: \(result)")
    }

    @Test func theJSONIsWhatOkrctlPrints() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        let view = "as-of=2026-02-15T00:00:00Z&known-at=2030-01-01T00:00:00Z"
        let api = try dashboard.get("/api/status?\(view)")
        let cli = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15T00:00:00Z", "--known-at", "2030-01-01T00:00:00Z")
        #expect(api.status == 200 && api.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(api.body + "\n" == cli.stdout, "/api/status is `okrctl status --json`")
        let kr = try dashboard.get("/api/kr/KR-1?as-of=2026-02-15T00:00:00Z")
        #expect(kr.body + "\n" == (try daemon.okrctl("kr", "show", "KR-1", "--json", "--as-of", "2026-02-15T00:00:00Z").stdout))
        #expect(try dashboard.get("/api/kr/KR-9").status == 404)
        #expect(try dashboard.get("/api/status?as-of=yesterday").status == 400)
    }

    /// `/kpis`: each KPI's value, band and health as a word, its name as text; `/api/kpis` is
    /// `okrctl kpi list --json`.
    @Test func theKPIPanelShowsHealthInWordsAndItsJSONIsKpiList() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        try daemon.run([["observe", "queue", "40", "--at", "2026-02-14"],
                        ["kpi", "add", "K-1", "--metric", "queue", "--name", Self.hostile, "--at-most", "25", "--at", "2026-01-01"]])
        let page = try dashboard.get("/kpis?as-of=2026-02-14T12:00:00Z")
        #expect(page.status == 200 && page.body.contains("▼ unhealthy") && page.body.contains("≤ 25") && page.body.contains(">40<"), "\(page)")
        #expect(!page.body.contains("<img") && page.body.contains("&lt;script&gt;"), "the name, as text")
        #expect(page.body.contains("href=\"/kpis"), "in the navigation")
        Self.expectSafetyHeaders(page, "/kpis")
        let view = "as-of=2026-02-14T12:00:00Z"
        let api = try dashboard.get("/api/kpis?\(view)")
        #expect(api.body + "\n" == (try daemon.okrctl("kpi", "list", "--json", "--as-of", "2026-02-14T12:00:00Z").stdout))
    }

    /// `/reviews`: each review's objectives with score as of it and retrospective, hostile notes
    /// as text; the key result page lists its initiatives, apart from its score.
    @Test func theReviewsPanelShowsRetrospectivesAndTheKeyResultItsInitiatives() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        try daemon.run([["review", "start", "Q1-mid", "--cycle", "2026-Q1", "--kind", "mid", "--at", "2026-02-15"],
                        ["retro", "O-1", "--rating", "4", "--outcome", "accomplished", "--learned", Self.hostile, "--review", "Q1-mid"],
                        ["initiative", "add", Self.hostile, "--kr", "KR-1"]])
        let page = try dashboard.get("/reviews")
        #expect(page.status == 200 && page.body.contains("Q1-mid") && page.body.contains("accomplished") && page.body.contains("4/5"), "\(page)")
        #expect(page.body.contains(">0.4<"), "scored as of the review")
        #expect(!page.body.contains("<img") && page.body.contains("&lt;script&gt;"), "the notes, as text")
        #expect(page.body.contains("href=\"/reviews"), "in the navigation")
        Self.expectSafetyHeaders(page, "/reviews")
        let api = try dashboard.get("/api/reviews")
        let reviews = try #require((try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])?["reviews"] as? [[String: Any]])
        #expect(reviews.count == 1 && (reviews[0]["review"] as? [String: Any])?["id"] as? String == "Q1-mid")
        let kr = try dashboard.get("/kr/KR-1")
        #expect(kr.body.contains("Initiatives") && kr.body.contains("IN-1") && !kr.body.contains("<img"), "\(kr)")
    }

    @Test func whatAReadOnlyDashboardRefuses() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        let post = try dashboard.get("/", method: "POST")
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD", "\(post)")
        Self.expectSafetyHeaders(post, "POST /")
        #expect(try dashboard.get("/api/status", method: "DELETE").status == 405)
        let rebound = try dashboard.get("/", host: "attacker.example:\(dashboard.port)")
        #expect(rebound.status == 421, "a foreign Host (DNS rebinding): \(rebound)")
        Self.expectSafetyHeaders(rebound, "421")
        #expect(try dashboard.get("/", host: "localhost:\(dashboard.port)").status == 200, "localhost names a loopback listen")
        let head = try dashboard.get("/", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty, "\(head)")
        let missing = try dashboard.get("/kr/KR-9")
        #expect(missing.status == 404 && missing.body.contains("KR-9"), "\(missing)")
        Self.expectSafetyHeaders(missing, "404")
        #expect(try dashboard.get("/nowhere").status == 404)
    }

    @Test func okrdGoneIsNamedAndItsReturnNeedsNoRestart() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        #expect(try dashboard.get("/").status == 200)
        daemon.stop()
        let gone = try dashboard.get("/")
        #expect(gone.status == 503 && gone.body.contains(daemon.socketPath), "\(gone)")
        Self.expectSafetyHeaders(gone, "503")
        try daemon.start()
        let back = try dashboard.get("/?as-of=2026-02-15")
        #expect(back.status == 200 && back.body.contains("40 → 100"), "\(back)")
    }

    @Test func openPagesHearOfEachCommitAndOfOkrdComingAndGoing() throws {
        let (daemon, dashboard) = try Self.setUp()
        defer { dashboard.stop(); daemon.stop() }
        let events = try EventStreamReader(port: dashboard.port)
        #expect(events.waitFor("retry: 1000", seconds: 5), "the stream opens: \(events.text)")
        #expect(events.text.contains("text/event-stream") && events.text.contains("nosniff"), "\(events.text)")
        _ = events.waitFor("never", seconds: 0.5)  // the relay's follow is open
        let started = Date()
        #expect(try daemon.okrctl("observe", "m", "55", "--at", "2026-02-10").status == 0)
        #expect(events.waitFor("event: commit", seconds: 2), "a commit reaches an open page within 2 s: \(events.text)")
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(try dashboard.get("/?as-of=2026-02-15").body.contains("55 → 100"), "and the page it reloads shows it")
        daemon.stop()
        #expect(events.waitFor("event: okrd-lost", seconds: 5), "okrd gone is told within 5 s")
        try daemon.start()
        #expect(events.waitFor("event: okrd-back", seconds: 5), "and its return within 5 s")
        #expect(try daemon.okrctl("observe", "m", "60").status == 0)
        #expect(events.waitFor("event: commit", seconds: 2), "commits flow again without a reconnect")
    }
}
