import OKREvents
import OKRProjections
import Testing

/// The organisation's days (SPEC §15) against cases worked by hand from the tz database's rules.
struct LocalCalendarTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
    static func zone(_ name: String, from: String = "2020-01-01T00:00:00Z") -> LocalCalendar {
        LocalCalendar(periods: [.init(from: instant(from), timeZone: name)])
    }

    @Test func losAngelesDaysAcrossTheMarchAndNovemberChanges() {
        let la = Self.zone("America/Los_Angeles")
        #expect(la.start(of: Self.day("2026-03-08")) == instant("2026-03-08T08:00:00Z"), "PST, the change comes at 02:00")
        #expect(la.start(of: Self.day("2026-03-09")) == instant("2026-03-09T07:00:00Z"), "PDT")
        #expect(la.end(of: Self.day("2026-03-08")).seconds(since: la.start(of: Self.day("2026-03-08"))) == 23 * 3600)
        #expect(la.start(of: Self.day("2026-11-01")) == instant("2026-11-01T07:00:00Z"))
        #expect(la.end(of: Self.day("2026-11-01")).seconds(since: la.start(of: Self.day("2026-11-01"))) == 25 * 3600)
        // 23:30 on 31 March in California is 06:30 UTC on 1 April: still the 31st.
        #expect(la.day(containing: instant("2026-04-01T06:30:00Z")) == Self.day("2026-03-31"))
        #expect(la.day(containing: instant("2026-04-01T07:00:00Z")) == Self.day("2026-04-01"))
        // A week of seven local days across the March change is 167 hours.
        let monday = instant("2026-03-12T17:00:00Z")  // 10:00 PDT
        #expect(la.adding(days: -7, to: monday) == instant("2026-03-05T18:00:00Z"), "10:00 PST a week before")
        #expect(la.adding(days: 7, to: instant("2026-10-29T17:00:00Z")) == instant("2026-11-05T18:00:00Z"), "a 169-hour week in November")
    }

    @Test func kolkataIsFiveAndAHalfHoursAheadAllYear() {
        let kolkata = Self.zone("Asia/Kolkata")
        #expect(kolkata.start(of: Self.day("2026-01-15")) == instant("2026-01-14T18:30:00Z"))
        #expect(kolkata.start(of: Self.day("2026-07-15")) == instant("2026-07-14T18:30:00Z"))
        #expect(kolkata.day(containing: instant("2026-01-14T18:29:59Z")) == Self.day("2026-01-14"))
        #expect(kolkata.day(containing: instant("2026-01-14T18:30:00Z")) == Self.day("2026-01-15"))
        #expect(kolkata.secondsFromUTC(at: instant("2026-06-01T00:00:00Z")) == 19_800)
    }

    @Test func chathamIsTwelveFortyFiveInWinterAndThirteenFortyFiveInSummer() {
        let chatham = Self.zone("Pacific/Chatham")
        #expect(chatham.start(of: Self.day("2026-01-15")) == instant("2026-01-14T10:15:00Z"), "+13:45 in the southern summer")
        #expect(chatham.start(of: Self.day("2026-06-15")) == instant("2026-06-14T11:15:00Z"), "+12:45 in winter")
        #expect(chatham.day(containing: instant("2026-06-14T11:14:00Z")) == Self.day("2026-06-14"))
    }

    @Test func aZoneChangeMidYearHoldsFromItsTimeAndTheFirstZoneBeforeAll() {
        let calendar = LocalCalendar(periods: [.init(from: instant("2026-07-01T00:00:00Z"), timeZone: "Asia/Kolkata"),
                                               .init(from: instant("2026-01-01T00:00:00Z"), timeZone: "America/Los_Angeles")])
        #expect(calendar.start(of: Self.day("2025-06-01")) == instant("2025-06-01T07:00:00Z"), "the first zone holds before it")
        #expect(calendar.start(of: Self.day("2026-03-10")) == instant("2026-03-10T07:00:00Z"))
        #expect(calendar.start(of: Self.day("2026-07-15")) == instant("2026-07-14T18:30:00Z"), "Kolkata from 1 July")
        #expect(calendar.timeZoneName(at: instant("2026-06-30T23:59:59Z")) == "America/Los_Angeles")
        #expect(calendar.timeZoneName(at: instant("2026-07-01T00:00:00Z")) == "Asia/Kolkata")
        #expect(LocalCalendar().start(of: Self.day("2026-03-10")) == instant("2026-03-10T00:00:00Z"), "UTC days without a calendar")
        #expect(!LocalCalendar.isKnownZone("Mars/Olympus") && LocalCalendar.isKnownZone("Pacific/Chatham"))
    }

    /// A quarter in California: from 08:00 UTC on 1 January to 07:00 UTC on 1 April; an
    /// observation at 23:30 local on its last day counts in it, and `expected` counts elapsed
    /// hours (the March change makes the quarter an hour shorter).
    @Test func aCycleRunsFromLocalMidnightToLocalMidnightAndCountsElapsedTime() {
        var history = History()
        history.add(CalendarSet(timeZone: "America/Los_Angeles"), at: "2025-12-01", actor: "okrd")
        history.add(CycleDefined(id: "2026-Q1", name: "Q1 2026", start: Self.day("2026-01-01"), end: Self.day("2026-03-31")), at: "2025-12-15")
        history.objective("O-1")
        history.keyResult("KR-1", metric: "signups", baseline: 0, target: 100)
        history.observe("signups", 90, at: "2026-04-01T06:30:00Z")
        history.observe("signups", 100, at: "2026-04-01T07:30:00Z")
        let report = history.report(asOf: "2026-04-02")
        let cycle = report.cycles[0]
        #expect(report.timeZone == "America/Los_Angeles")
        #expect(cycle.startsAt == instant("2026-01-01T08:00:00Z") && cycle.endsAt == instant("2026-04-01T07:00:00Z"))
        #expect(cycle.objectives[0].krs[0].current == 90, "23:30 on the last day counts; 00:30 the next day does not")
        let length = instant("2026-04-01T07:00:00Z").seconds(since: instant("2026-01-01T08:00:00Z"))
        #expect(length == (90 * 24 - 1) * 3600)
        let midway = history.report(asOf: "2026-02-15T08:00:00Z").cycles[0]
        #expect(close(midway.expected, 45 * 86_400 / length))
    }

    /// Before any calendar event, every day is a UTC day, as it always was.
    @Test func withoutACalendarCyclesKeepTheirUTCDays() {
        var history = History.quarter()
        history.objective("O-1")
        let cycle = history.report(asOf: "2026-02-01").cycles[0]
        #expect(cycle.startsAt == instant("2026-01-01T00:00:00Z") && cycle.endsAt == instant("2026-04-01T00:00:00Z"))
        #expect(history.report(asOf: "2026-02-01").timeZone == "UTC")
    }

    /// `due` turns over at local midnight: a check-in on Friday 6 March (PST) is fresh through
    /// Thursday 12 March and due from 00:00 PDT on Friday 13 March, 07:00 UTC.
    @Test func aCheckInIsDueFromLocalMidnightAWeekOfLocalDaysLater() {
        var history = History()
        history.add(CalendarSet(timeZone: "America/Los_Angeles"), at: "2025-12-01", actor: "okrd")
        history.add(CycleDefined(id: "2026-Q1", name: "Q1 2026", start: Self.day("2026-01-01"), end: Self.day("2026-03-31")), at: "2025-12-15")
        history.objective("O-1")
        history.keyResult("KR-1", metric: "signups", baseline: 0, target: 100)
        history.observe("signups", 10, at: "2026-03-12T20:00:00Z")
        history.add(CheckInRecorded(kr: "KR-1", confidence: 6), at: "2026-03-06T20:00:00Z")
        func due(_ at: String) -> [DueReport.Item] {
            history.model.answer(DueQuery(perspective: Perspective(at: instant(at)))).items.filter { $0.kind == .checkIn }
        }
        #expect(due("2026-03-13T06:59:59Z").isEmpty, "23:59 on Thursday 12 March, local")
        #expect(due("2026-03-13T07:00:00Z").first?.since == instant("2026-03-13T07:00:00Z"))
        let lint = history.model.answer(LintQuery(cycle: "2026-Q1", Perspective(at: instant("2026-03-13T06:59:59Z"))))
        #expect(!lint.findings.contains { $0.code == "OKR006" }, "lint counts the same days")
    }
}
