import OKREvents
import Testing
@testable import OKRProjections

@Suite struct ThresholdAndConfidenceTests {
    /// Uptime at least 99.5: 99.9 (10 Jan), 99.2 (20 Jan), 99.7 (1 Feb), 99.1 (10 Feb).
    static func uptime() -> History {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-U", metric: "uptime", kind: .atLeast, target: 99.5)
        for (value, day) in [(99.9, "2026-01-10"), (99.2, "2026-01-20"), (99.7, "2026-02-01"), (99.1, "2026-02-10")] {
            history.observe("uptime", value, at: day)
        }
        return history
    }

    @Test func aBrokenThresholdScoresZeroAndIsOffTrack() throws {
        let kr = try #require(Self.uptime().keyResult("KR-U", asOf: "2026-02-15"))
        #expect(kr.current == 99.1)
        #expect(kr.score == 0)
        #expect(kr.pace == .offTrack)
        #expect(close(kr.held, 0.5))  // 99.9 and 99.7 of four held
        #expect(kr.progress == nil)
        #expect(kr.forecast == nil)
    }

    @Test func aHeldThresholdScoresOneAndIsOnTrack() throws {
        let kr = try #require(Self.uptime().keyResult("KR-U", asOf: "2026-02-05"))
        #expect(kr.score == 1)
        #expect(kr.pace == .onTrack)
        #expect(close(kr.held, 2.0 / 3.0))
    }

    @Test func atMostHoldsAtOrBelowTheTarget() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-L", metric: "p95.ms", kind: .atMost, target: 300)
        history.observe("p95.ms", 300, at: "2026-01-10")
        history.observe("p95.ms", 320, at: "2026-01-20")
        history.observe("p95.ms", 250, at: "2026-02-01")
        let kr = try #require(history.keyResult("KR-L", asOf: "2026-02-15"))
        #expect(kr.score == 1)
        #expect(close(kr.held, 2.0 / 3.0))
        #expect(kr.pace == .onTrack)
    }

    @Test func confidenceIsTheLatestCheckInWithStalenessAndTrend() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 10)
        history.checkIn("KR-1", 6, at: "2026-01-20")
        history.checkIn("KR-1", 8, at: "2026-02-03")
        let fresh = try #require(history.keyResult("KR-1", asOf: "2026-02-05"))
        #expect(fresh.confidence == 8)
        #expect(fresh.confidenceAt == instant("2026-02-03"))
        #expect(fresh.confidenceStale == false)
        #expect(fresh.confidenceTrend == 2)
        let stale = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(stale.confidenceStale == true, "12 days is older than the 7-day interval")
        let first = try #require(history.keyResult("KR-1", asOf: "2026-01-25"))
        #expect(first.confidence == 6)
        #expect(first.confidenceTrend == nil)
        let none = try #require(history.keyResult("KR-1", asOf: "2026-01-10"))
        #expect(none.confidence == nil && none.confidenceStale == nil)
    }

    @Test func theCheckInIntervalIsConfigurable() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 10)
        history.checkIn("KR-1", 5, at: "2026-02-03")
        let biweekly = ProjectionSettings(checkInIntervalSeconds: 14 * 86_400)
        #expect(history.keyResult("KR-1", asOf: "2026-02-15", settings: biweekly)?.confidenceStale == false)
    }
}
