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
}
