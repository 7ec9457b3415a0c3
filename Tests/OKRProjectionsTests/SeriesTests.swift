import OKREvents
import Testing
@testable import OKRProjections

/// `series` (the dashboard's sparklines): the key results a `status` view shows, each with its
/// metric's observations from the cycle's start to `asOf`, thinned evenly to at most 30.
@Suite struct SeriesTests {
    @Test func eachKeyResultOfTheViewHasItsObservationsUpToAsOf() {
        let history = DueTests.quarter()
        let report = history.model.answer(SeriesQuery(status: StatusQuery(perspective: Perspective(at: instant("2026-02-05")))))
        let points = report.byKeyResult
        #expect(report.krs.map(\.id) == ["KR-1", "KR-2", "KR-3"], "status's key results, in its order")
        #expect(points["KR-1"]?.map(\.value) == [5, 12, 20], "a's observations up to Feb 5, not the 25 of Feb 10")
        #expect(points["KR-2"] == [], "b was not observed yet")
        let growth = history.model.answer(SeriesQuery(status: StatusQuery(perspective: Perspective(at: instant("2026-02-15")), team: "platform")))
        #expect(growth.krs.map(\.id) == ["KR-3"] && growth.krs.first?.points.map(\.value) == [9], "the view's team only")
    }

    @Test func aLongHistoryIsThinnedEvenlyKeepingItsEnds() {
        var history = DueTests.quarter()
        for index in 0..<500 {
            history.observe("c", Double(index), at: instant("2026-01-02").adding(seconds: Double(index) * 3_600).rfc3339)
        }
        let points = history.model.answer(SeriesQuery(status: StatusQuery(perspective: Perspective(at: instant("2026-02-15")), team: "platform")))
            .byKeyResult["KR-3"] ?? []
        #expect(points.count == 30)
        #expect(points.first?.value == 0 && points.last?.value == 9, "the first observation and the latest (9 on Feb 14)")
        let gaps = zip(points.dropLast(), points.dropFirst()).map { $1.at.seconds(since: $0.at) }
        #expect(gaps.allSatisfy { $0 > 0 }, "in time order, none twice")
    }
}
