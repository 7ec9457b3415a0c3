import OKREvents
import OKRProjections
import Testing

/// `cycle plan`'s fiscal years (SPEC §15) against years worked out by hand, day by day.
@Suite struct FiscalCalendarTests {
    static func spans(_ cycles: [FiscalCalendar.PlannedCycle]) -> [String] {
        cycles.map { "\($0.id) \($0.start) \($0.end)" }
    }

    @Test func anAprilYearInCalendarQuarters() {
        let plan = FiscalCalendar(fiscalYearStarts: 4).plan(year: 2027, pattern: .quarters, months: true)
        #expect(Array(Self.spans(plan).prefix(5)) == [
            "FY2027 2026-04-01 2027-03-31",
            "FY2027-Q1 2026-04-01 2026-06-30", "FY2027-Q2 2026-07-01 2026-09-30",
            "FY2027-Q3 2026-10-01 2026-12-31", "FY2027-Q4 2027-01-01 2027-03-31",
        ])
        #expect(plan.count == 17)
        #expect(Self.spans(plan)[5] == "FY2027-M01 2026-04-01 2026-04-30")
        #expect(Self.spans(plan)[15] == "FY2027-M11 2027-02-01 2027-02-28")
        #expect(Self.spans(plan)[16] == "FY2027-M12 2027-03-01 2027-03-31")
        #expect(Array(Self.spans(FiscalCalendar().plan(year: 2026, pattern: .quarters, prefix: "P")).prefix(2))
                == ["P2026 2026-01-01 2026-12-31", "P2026-Q1 2026-01-01 2026-03-31"])
    }

    /// February years ending on the last Saturday of January (weeks from Sunday): FY2026 runs
    /// 2025-01-26 … 2026-01-31, 371 days, so its twelfth month takes the 53rd week.
    @Test func aFourFourFiveYearWithAFiftyThirdWeek() {
        let plan = FiscalCalendar(fiscalYearStarts: 2, weekStarts: .sunday).plan(year: 2026, pattern: .weeks445, months: true)
        let spans = Self.spans(plan)
        #expect(spans[0] == "FY2026 2025-01-26 2026-01-31")
        #expect(spans[1] == "FY2026-Q1 2025-01-26 2025-04-26")
        #expect(spans[4] == "FY2026-Q4 2025-10-26 2026-01-31")
        #expect(Array(spans[5...7]) == ["FY2026-M01 2025-01-26 2025-02-22", "FY2026-M02 2025-02-23 2025-03-22",
                                 "FY2026-M03 2025-03-23 2025-04-26"])
        #expect(Array(spans[14...16]) == ["FY2026-M10 2025-10-26 2025-11-22", "FY2026-M11 2025-11-23 2025-12-20",
                                   "FY2026-M12 2025-12-21 2026-01-31"])
        // The year before is 52 weeks: 2024-01-28 … 2025-01-25.
        #expect(Self.spans(FiscalCalendar(fiscalYearStarts: 2, weekStarts: .sunday).plan(year: 2025, pattern: .weeks445)).first
                == "FY2025 2024-01-28 2025-01-25")
    }

    /// Calendar years ending on the last Sunday of December (weeks from Monday), months of 5, 4, 4 weeks.
    @Test func aFiveFourFourYear() {
        let plan = FiscalCalendar(fiscalYearStarts: 1, weekStarts: .monday).plan(year: 2026, pattern: .weeks544, months: true)
        let spans = Self.spans(plan)
        #expect(spans[0] == "FY2026 2025-12-29 2026-12-27")
        #expect(spans[1] == "FY2026-Q1 2025-12-29 2026-03-29")
        #expect(Array(spans[5...7]) == ["FY2026-M01 2025-12-29 2026-02-01", "FY2026-M02 2026-02-02 2026-03-01",
                                 "FY2026-M03 2026-03-02 2026-03-29"])
        #expect(Array(spans[14...16]) == ["FY2026-M10 2026-09-28 2026-11-01", "FY2026-M11 2026-11-02 2026-11-29",
                                   "FY2026-M12 2026-11-30 2026-12-27"])
        // Consecutive years meet: each starts the day after the one before ends.
        let next = FiscalCalendar().plan(year: 2027, pattern: .weeks544)
        #expect(next[0].start == plan[0].end.next)
    }

    @Test func everyWeekPatternFillsItsYearWithoutGapOrOverlap() {
        for pattern in [FiscalCalendar.Pattern.weeks445, .weeks454, .weeks544] {
            for start in 1...12 {
                for weekday in Weekday.allCases {
                    let plan = FiscalCalendar(fiscalYearStarts: start, weekStarts: weekday).plan(year: 2030, pattern: pattern, months: true)
                    let days = Int(plan[0].end.daysSinceEpoch - plan[0].start.daysSinceEpoch) + 1
                    #expect(days == 364 || days == 371, "\(pattern) \(start) \(weekday): \(days) days")
                    #expect(Weekday(of: plan[0].start) == weekday, "a year starts on the week's first day")
                    let months = Array(plan[5...])
                    #expect(months.first?.start == plan[0].start && months.last?.end == plan[0].end)
                    for (a, b) in zip(months, months.dropFirst()) { #expect(a.end.next == b.start) }
                }
            }
        }
    }
}
