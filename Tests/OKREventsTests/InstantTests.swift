import Testing
@testable import OKREvents

@Suite struct InstantTests {
    @Test(arguments: [
        ("2026-02-01T09:30:00Z", "2026-02-01T09:30:00Z"),
        ("2026-02-01", "2026-02-01T00:00:00Z"),
        ("2026-02-01T09:30:00+02:00", "2026-02-01T07:30:00Z"),
        ("2026-02-01t09:30:00.5z", "2026-02-01T09:30:00.5Z"),
        ("2026-02-01T09:30:00.123456789-01:30", "2026-02-01T11:00:00.123456Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ])
    func parsesAndPrintsRFC3339(input: String, printed: String) throws {
        let instant = try #require(Instant(rfc3339: input))
        #expect(instant.rfc3339 == printed)
        #expect(Instant(rfc3339: printed) == instant)
    }

    @Test(arguments: ["", "2026-02-30", "2025-02-29", "2026-13-01", "2026-02-01T24:00:00Z", "2026-02-01T09:30:00",
                      "2026-02-01T09:30Z", "2026-2-1", "yesterday", "2026-02-01T09:30:00.Z", "2026-02-01T09:30:00Z trailing"])
    func rejectsWhatIsNotATime(input: String) {
        #expect(Instant(rfc3339: input) == nil)
    }

    @Test func epochIsZero() {
        #expect(Instant(rfc3339: "1970-01-01T00:00:00Z")?.microsecondsSinceEpoch == 0)
        #expect(Instant(rfc3339: "1970-01-02")?.microsecondsSinceEpoch == 86_400_000_000)
    }

    @Test func calendarDaysKnowTheirNeighbours() throws {
        let end = try #require(CalendarDay("2026-03-31"))
        #expect(end.next.description == "2026-04-01")
        #expect(end.next.start == Instant(rfc3339: "2026-04-01T00:00:00Z"))
        #expect(CalendarDay(containing: Instant(rfc3339: "1969-12-31T12:00:00Z")!).description == "1969-12-31")
        #expect(CalendarDay("2026-03-31T00:00:00Z") == nil)
    }
}
