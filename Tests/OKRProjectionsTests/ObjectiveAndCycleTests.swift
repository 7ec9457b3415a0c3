import OKREvents
import Testing
@testable import OKRProjections

@Suite struct ObjectiveAndCycleTests {
    /// O-1 with KR-1 (weight 2, score 0.5), KR-2 (weight 1, score 1), KR-3 (no data), KR-4 (dropped).
    static func weighted() -> History {
        var history = History.quarter()
        history.objective("O-1", strategy: "s1")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10, weight: 2)
        history.keyResult("KR-2", metric: "b", baseline: 0, target: 10)
        history.keyResult("KR-3", metric: "c", baseline: 0, target: 10)
        history.keyResult("KR-4", metric: "d", baseline: 0, target: 10, weight: 5)
        history.observe("a", 5, at: "2026-02-01")
        history.observe("b", 12, at: "2026-02-01")
        history.observe("d", 10, at: "2026-02-01")
        history.add(KeyResultDropped(id: "KR-4", reason: "duplicate"), at: "2026-02-02")
        history.checkIn("KR-1", 8, at: "2026-02-10")
        history.checkIn("KR-2", 5, at: "2026-02-10")
        return history
    }

    @Test func objectiveScoreIsTheWeightedMeanWithNoDataAsZeroAndDroppedLeftOut() throws {
        let objective = try #require(Self.weighted().report(asOf: "2026-02-15").cycles.first?.objectives.first)
        #expect(objective.krs.map(\.id) == ["KR-1", "KR-2", "KR-3"])
        #expect(close(objective.score, 0.5))  // (2·0.5 + 1·1 + 1·0) / 4
        #expect(close(objective.confidence, 6.5))  // mean of 8 and 5
        #expect(objective.lowestConfidence == 5)
    }

    @Test func beforeTheDropTheDroppedKeyResultStillCounts() throws {
        let objective = try #require(Self.weighted().report(asOf: "2026-02-01T12:00:00Z").cycles.first?.objectives.first)
        #expect(objective.krs.count == 4)
        let expected: Double = (2 * 0.5 + 1 + 0 + 5 * 1) / 9  // KR-4 (weight 5, score 1) still counts
        #expect(close(objective.score, expected))
        #expect(objective.confidence == nil)
        #expect(objective.lowestConfidence == nil)
    }

    @Test func alignmentIsTheShareOfObjectivesLinkedUpward() throws {
        var history = History.quarter()
        history.objective("O-1", strategy: "s1")
        history.objective("O-2", team: "onboarding", parent: "O-1")
        history.objective("O-3", team: "platform")
        let cycle = try #require(history.report(asOf: "2026-02-15").cycles.first)
        #expect(close(cycle.alignment, 2.0 / 3.0))
        #expect(close(cycle.expected, 0.5))
        let platform = try #require(history.report(asOf: "2026-02-15", team: "platform").cycles.first)
        #expect(platform.objectives.map(\.id) == ["O-3"])
        #expect(platform.alignment == 0)
    }

    @Test func anObjectiveUpdateCanLinkItFromItsEffectiveTime() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.add(ObjectiveUpdated(id: "O-1", title: "Delight new customers", strategy: "s1"), at: "2026-02-01")
        let before = try #require(history.report(asOf: "2026-01-15").cycles.first)
        #expect(before.alignment == 0)
        #expect(before.objectives.first?.title == "Objective O-1")
        let after = try #require(history.report(asOf: "2026-02-15").cycles.first)
        #expect(after.alignment == 1)
        #expect(after.objectives.first?.title == "Delight new customers")
    }

    @Test func aDroppedObjectiveLeavesTheReport() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.objective("O-2")
        history.add(ObjectiveDropped(id: "O-2", reason: "merged"), at: "2026-02-01")
        #expect(history.report(asOf: "2026-02-15").cycles.first?.objectives.map(\.id) == ["O-1"])
    }

    @Test func withoutACycleTheActiveOneIsShown() throws {
        var history = History.quarter()
        history.add(CycleDefined(id: "2026-Q2", name: "Q2 2026", start: CalendarDay("2026-04-01")!, end: CalendarDay("2026-06-30")!),
                    at: "2026-03-01")
        #expect(history.report(asOf: "2026-02-15", cycle: nil).cycles.map(\.id) == ["2026-Q1"])
        #expect(history.report(asOf: "2026-05-01", cycle: nil).cycles.map(\.id) == ["2026-Q2"])
        #expect(history.report(asOf: "2027-01-01", cycle: nil).cycles.map(\.id) == ["2026-Q2"])
        #expect(history.report(asOf: "2025-12-20", cycle: nil).cycles.map(\.id) == ["2026-Q1"])
    }

    @Test func gradesFollowGooglesScale() {
        #expect(Grade(score: 1) == .green)
        #expect(Grade(score: 0.7) == .green)
        #expect(Grade(score: 0.6) == .yellow)
        #expect(Grade(score: 0.4) == .yellow)
        #expect(Grade(score: 0.3) == .red)
        #expect(Grade(score: 0) == .red)
    }

    @Test func statusJSONHasTheSpecsFieldsWithNullsForTheUnknown() throws {
        let report = Self.weighted().report(asOf: "2026-02-15")
        let encoded = String(decoding: try JSONEncoderForTests.encode(report), as: UTF8.self)
        for field in ["\"asOf\"", "\"knownAt\"", "\"alignment\"", "\"lowestConfidence\"", "\"forecastScore\"",
                      "\"confidenceStale\"", "\"confidenceTrend\"", "\"held\":null", "\"current\":null"] {
            #expect(encoded.contains(field), "missing \(field)")
        }
        #expect(encoded.contains("\"start\":\"2026-01-01\""))
        #expect(encoded.contains("\"pace\":\"no-data\""))
    }
}
