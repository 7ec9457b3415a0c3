import OKREvents

/// A day of the week, as `[organisation] week_starts` names it.
public enum Weekday: String, CaseIterable, Codable, Hashable, Sendable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday of `day` (1 January 1970 was a Thursday).
    public init(of day: CalendarDay) {
        let index = ((Int(day.daysSinceEpoch) % 7) + 7 + 3) % 7
        self = Weekday.allCases[index]
    }

    /// The day before this one in the week.
    public var previous: Weekday { Weekday.allCases[(Weekday.allCases.firstIndex(of: self)! + 6) % 7] }
}

/// The organisation's fiscal years (SPEC §15): where a year starts, and how `cycle plan` cuts
/// one into quarters and months, by calendar months or by weeks (4-4-5, 4-5-4, 5-4-4).
public struct FiscalCalendar: Hashable, Sendable {
    /// How a fiscal year is cut.
    public enum Pattern: String, CaseIterable, Codable, Hashable, Sendable {
        /// Calendar months in threes.
        case quarters
        /// 52/53-week years of 13-week quarters whose months are 4, 4 and 5 weeks (in this order).
        case weeks445 = "4-4-5"
        case weeks454 = "4-5-4"
        case weeks544 = "5-4-4"

        /// The weeks of each month of a quarter; `nil` for calendar months.
        var monthWeeks: [Int]? {
            switch self {
            case .quarters: nil
            case .weeks445: [4, 4, 5]
            case .weeks454: [4, 5, 4]
            case .weeks544: [5, 4, 4]
            }
        }
    }

    /// The month (1–12) a fiscal year starts in.
    public var fiscalYearStarts: Int
    public var weekStarts: Weekday

    public init(fiscalYearStarts: Int = 1, weekStarts: Weekday = .monday) {
        precondition((1...12).contains(fiscalYearStarts), "fiscal_year_starts is a month, 1–12")
        self.fiscalYearStarts = fiscalYearStarts
        self.weekStarts = weekStarts
    }

    /// One cycle `cycle plan` would create.
    public struct PlannedCycle: Hashable, Sendable {
        public var id: String
        public var name: String
        public var start: CalendarDay
        /// The last day, included.
        public var end: CalendarDay
    }

    /// Fiscal year `year` (`FY2027`), its quarters (`FY2027-Q1`…) and, with `months`, its twelve
    /// months (`FY2027-M01`…), in that order; `prefix` replaces `FY`.
    public func plan(year: Int, pattern: Pattern, prefix: String = "FY", months: Bool = false) -> [PlannedCycle] {
        let name = "\(prefix)\(year)"
        let monthSpans: [(start: CalendarDay, end: CalendarDay)]
        let yearSpan: (start: CalendarDay, end: CalendarDay)
        if let weeks = pattern.monthWeeks {
            yearSpan = (weekYearEnd(year - 1).next, weekYearEnd(year))
            var start = yearSpan.start
            var spans: [(CalendarDay, CalendarDay)] = []
            for month in 0..<12 {
                // A 53rd week joins the last month of the fourth quarter.
                let extra = month == 11 && yearSpan.end.daysSinceEpoch - yearSpan.start.daysSinceEpoch + 1 == 371 ? 1 : 0
                let days = 7 * (weeks[month % 3] + extra)
                spans.append((start, start.adding(days: days - 1)))
                start = start.adding(days: days)
            }
            monthSpans = spans
        } else {
            let firstYear = fiscalYearStarts == 1 ? year : year - 1
            monthSpans = (0..<12).map { offset in
                let index = fiscalYearStarts - 1 + offset
                let (y, m) = (firstYear + index / 12, index % 12 + 1)
                let start = CalendarDay(year: y, month: m, day: 1)!
                let next = m == 12 ? CalendarDay(year: y + 1, month: 1, day: 1)! : CalendarDay(year: y, month: m + 1, day: 1)!
                return (start, next.adding(days: -1))
            }
            yearSpan = (monthSpans[0].start, monthSpans[11].end)
        }
        var cycles = [PlannedCycle(id: name, name: name, start: yearSpan.start, end: yearSpan.end)]
        for quarter in 0..<4 {
            cycles.append(PlannedCycle(id: "\(name)-Q\(quarter + 1)", name: "\(name) Q\(quarter + 1)",
                                       start: monthSpans[quarter * 3].start, end: monthSpans[quarter * 3 + 2].end))
        }
        if months {
            for (index, span) in monthSpans.enumerated() {
                let number = index + 1 < 10 ? "0\(index + 1)" : "\(index + 1)"
                cycles.append(PlannedCycle(id: "\(name)-M\(number)", name: "\(name) M\(number)", start: span.start, end: span.end))
            }
        }
        return cycles
    }

    /// The last day of fiscal year `year` in a week pattern: the last day of its end month (the
    /// month before ``fiscalYearStarts``, December of `year` when it is 1) that comes just before
    /// a ``weekStarts`` day — the "last day" rule of a 52/53-week year.
    func weekYearEnd(_ year: Int) -> CalendarDay {
        let endMonth = fiscalYearStarts == 1 ? 12 : fiscalYearStarts - 1
        let next = endMonth == 12 ? CalendarDay(year: year + 1, month: 1, day: 1)! : CalendarDay(year: year, month: endMonth + 1, day: 1)!
        var day = next.adding(days: -1)
        while Weekday(of: day) != weekStarts.previous { day = day.adding(days: -1) }
        return day
    }
}
