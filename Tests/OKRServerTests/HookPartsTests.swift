import Foundation
import OKREvents
import OKRProjections
import OKRWire
import Testing
@testable import OKRServer

/// The pure parts of hooks: when `due` and `digest` fire, which URLs are taken, the backoff, and
/// what each format makes of a notice whose text is hostile.
struct HookPartsTests {
    static func at(_ text: String) -> Instant { Instant(rfc3339: text)! }

    @Test func dueAndDigestTimesAreTheLatestAtOrBeforeNow() {
        let schedule = HookSchedule()  // 09:00, Monday 09:00, UTC
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-12-07T08:59:59Z")).day.description == "2026-12-06")
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-12-07T09:00:00Z")).day.description == "2026-12-07")
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-12-07T09:00:00Z")).at == Self.at("2026-12-07T09:00:00Z"))
        // 2026-12-07 is a Monday.
        #expect(schedule.lastDigest(atOrBefore: Self.at("2026-12-07T08:00:00Z")).day.description == "2026-11-30")
        #expect(schedule.lastDigest(atOrBefore: Self.at("2026-12-07T09:30:00Z")).day.description == "2026-12-07")
        #expect(schedule.lastDigest(atOrBefore: Self.at("2026-12-13T23:00:00Z")).day.description == "2026-12-07")
        var friday = HookSchedule()
        friday.digestWeekday = 5
        friday.digestMinute = 16 * 60 + 30
        #expect(friday.lastDigest(atOrBefore: Self.at("2026-12-07T09:30:00Z")).at == Self.at("2026-12-04T16:30:00Z"))
        #expect(HookSchedule.minutes("09:00") == 540 && HookSchedule.minutes("9:00") == nil && HookSchedule.minutes("24:00") == nil)
        #expect(HookSchedule.weekly("Monday 09:00")! == (1, 540) && HookSchedule.weekly("fri 16:30")! == (5, 990))
        #expect(HookSchedule.weekly("someday 09:00") == nil)
    }

    /// In California 09:00 is 17:00 UTC in winter and 16:00 UTC in summer (SPEC §15).
    @Test func dueAndDigestTimesAreLocalWallClockTimes() {
        let la = LocalCalendar(periods: [.init(from: Self.at("2020-01-01T00:00:00Z"), timeZone: "America/Los_Angeles")])
        let schedule = HookSchedule()
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-03-06T17:00:00Z"), in: la).at == Self.at("2026-03-06T17:00:00Z"))
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-03-09T16:00:00Z"), in: la).at == Self.at("2026-03-09T16:00:00Z"))
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-03-09T15:59:59Z"), in: la).day.description == "2026-03-08")
        // Monday 9 March at 08:59 PDT: the last digest was Monday 2 March at 09:00 PST.
        let digest = schedule.lastDigest(atOrBefore: Self.at("2026-03-09T15:59:00Z"), in: la)
        #expect(digest.day.description == "2026-03-02" && digest.at == Self.at("2026-03-02T17:00:00Z"))
        // 07:00 UTC on a Monday is still Sunday evening in California.
        #expect(schedule.lastDue(atOrBefore: Self.at("2026-12-07T07:00:00Z"), in: la).day.description == "2026-12-06")
    }

    @Test func onlyHTTPAndHTTPSURLsWithAHostAreTaken() {
        func problem(_ url: String) -> String? {
            if case .failure(let problem) = HookURL.parse(url) { return problem.text }
            return nil
        }
        #expect(problem("https://hooks.slack.com/services/T/B/X") == nil)
        #expect(problem("HTTP://127.0.0.1:8080/x?y=1") == nil)
        #expect(problem("ftp://example.org/")?.contains("only http and https") == true)
        #expect(problem("javascript:alert(1)")?.contains("absolute URL") == true)
        #expect(problem("https:///path")?.contains("no host") == true)
        #expect(problem("https://user:pw@example.org/")?.contains("user name or password") == true)
        #expect(problem("https://example.org/a b")?.contains("space") == true)
        #expect(problem("https://example.org/#frag")?.contains("fragment") == true)
        if case .success(let url) = HookURL.parse("https://hooks.slack.com:443/services/T/B/X") {
            #expect(url.endpoint == "https://hooks.slack.com:443")
        }
    }

    @Test func retriesWaitTwiceAsLongEachTimeWithinOneSecondAndOneHour() {
        #expect(HookBackoff.delaySeconds(afterFailure: 1, jitter: 0.8) == 1)
        #expect(HookBackoff.delaySeconds(afterFailure: 2, jitter: 1.2) == 2.4)
        #expect(HookBackoff.delaySeconds(afterFailure: 4, jitter: 1) == 8)
        #expect(HookBackoff.delaySeconds(afterFailure: 13, jitter: 1) == 3600)
        for n in 1...30 {
            let delay = HookBackoff.delaySeconds(afterFailure: n)
            #expect(delay >= 1 && delay <= 3600)
        }
    }

    @Test func everyFormatEscapesUserTextItsOwnWay() throws {
        let hostile = "<script>x</script> & *b* [l](http://e)"
        let notice = HookNotice(kind: .checkin, seq: 7, subject: "KR-1", team: "growth", owner: "alice", title: hostile, line: hostile,
                                facts: [.init(label: "Key result", value: "KR-1")], details: [hostile], at: Self.at("2026-02-01T00:00:00Z"),
                                event: #"{"seq":7}"#, subjectJSON: #"{"id":"KR-1"}"#)
        let credential = HookSecrets.Credential(url: "https://hs.example.org/_matrix/client/v3/rooms/!r:hs", secret: nil, token: "t0k")
        let slack = String(decoding: HookFormat.slack.request(notice, id: "okr_1_7_checkin_KR-1", credential: credential).body, as: UTF8.self)
        #expect(slack.contains("&lt;script&gt;") && slack.contains("&amp;") && !slack.contains("<script>\\u003c") )
        #expect(slack.contains(#""text":"<script>x</script> & *b* [l](http://e)""#), "the plain fallback stays plain")
        let matrix = HookFormat.matrix.request(notice, id: "okr_1_7_checkin_KR-1", credential: credential)
        #expect(matrix.method == "PUT" && matrix.url.hasSuffix("/rooms/!r:hs/send/m.room.message/okr_1_7_checkin_KR-1"))
        #expect(matrix.headers.contains { $0.name == "authorization" && $0.value == "Bearer t0k" })
        #expect(String(decoding: matrix.body, as: UTF8.self).contains("&lt;script&gt;x&lt;/script&gt;"))
        let teams = String(decoding: HookFormat.teams.request(notice, id: "x", credential: credential).body, as: UTF8.self)
        #expect(teams.contains(#"\\*b\\*"#) && teams.contains(#"\\[l\\]\\(http://e\\)"#) && teams.contains(#""version":"1.4""#))
        let standard = HookFormat.standard.request(notice, id: "x", credential: .init(url: "https://e.org/h", secret: "whsec_AAAA"))
        #expect(String(decoding: standard.body, as: UTF8.self)
                == #"{"data":{"event":{"seq":7},"subject":{"id":"KR-1"}},"timestamp":"2026-02-01T00:00:00Z","type":"checkin"}"#)
        #expect(standard.signing?.id == "x")
    }

    /// Deliveries are paced while okrd answers more than a thousand appends a second, and not
    /// once the writes stop.
    @Test func writingHardIsBusyAndStoppingIsNot() {
        let load = WriteLoad()
        let start = ContinuousClock.now
        load.sample(requests: 0, at: start)
        #expect(!load.isBusy, "one sample says nothing")
        load.sample(requests: 500, at: start.advanced(by: .milliseconds(100)))
        #expect(load.isBusy, "5,000 appends a second")
        load.sample(requests: 520, at: start.advanced(by: .milliseconds(200)))
        #expect(!load.isBusy, "200 a second")
    }
}
