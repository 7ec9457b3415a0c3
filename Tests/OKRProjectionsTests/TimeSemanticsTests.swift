import OKREvents
import Testing
@testable import OKRProjections

/// "As of" and "known at" (SPEC §3): definitions hold for the whole cycle, everything else counts
/// from its effective time, and the knowledge instant hides what was recorded later.
@Suite struct TimeSemanticsTests {
    @Test func atTheSameEffectiveTimeTheHigherSeqWins() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 100)
        history.observe("m", 70, at: "2026-02-01")
        history.observe("m", 71, at: "2026-02-01")
        history.observe("m", 40, at: "2026-01-15")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(kr.current == 71)
        #expect(kr.currentAt == instant("2026-02-01"))
    }

    @Test func aBackDatedObservationCountsAsOfItsEffectiveTimeButOnlyOnceKnown() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 60, target: 85)
        history.observe("m", 70, at: "2026-02-01")
        history.observe("m", 72.5, at: "2026-02-15")
        history.observe("m", 68, at: "2026-02-10", recorded: "2026-02-20")  // a late back-fill
        let withHindsight = try #require(history.keyResult("KR-1", asOf: "2026-02-12"))
        #expect(withHindsight.current == 68)
        let asSeenThen = try #require(history.keyResult("KR-1", asOf: "2026-02-12", knownAt: "2026-02-12"))
        #expect(asSeenThen.current == 70)
        let today = try #require(history.keyResult("KR-1", asOf: "2026-02-16"))
        #expect(today.current == 72.5, "a back-fill does not replace a later observation")
    }

    @Test func beforeTheCycleStartsNothingIsExpectedAndThePaceIsNotStarted() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", target: 85)
        history.observe("m", 58, at: "2025-12-10")
        history.observe("m", 61, at: "2026-01-20")
        let kr = try #require(history.keyResult("KR-1", asOf: "2025-12-20"))
        #expect(kr.expected == 0)
        #expect(kr.current == 58)
        #expect(kr.baseline == 58)
        #expect(kr.score == 0)
        #expect(kr.pace == .notStarted)
    }

    @Test func aKeyResultCreatedMidCycleBelongsToTheWholeQuarter() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.observe("m", 10, at: "2026-01-10")
        history.keyResult("KR-late", metric: "m", baseline: 0, target: 40, at: "2026-02-10")
        let january = try #require(history.keyResult("KR-late", asOf: "2026-01-20"), "listed before its own creation")
        #expect(january.current == 10)
        #expect(close(january.progress, 0.25))
    }

    @Test func aDefinitionRecordedLaterIsHiddenFromAnEarlierKnowledgeInstant() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 10, at: "2026-02-10")
        #expect(history.keyResult("KR-1", asOf: "2026-01-20", knownAt: "2026-02-01") == nil)
        #expect(history.keyResult("KR-1", asOf: "2026-01-20", knownAt: "2026-02-10") != nil)
    }

    @Test func withoutAGivenBaselineTheLatestObservationAtTheStartIsUsed() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", target: 100)
        history.observe("m", 50, at: "2025-12-20")
        history.observe("m", 55, at: "2026-01-15")
        history.observe("m", 75, at: "2026-02-15")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(kr.baseline == 50)
        #expect(close(kr.progress, 0.5))  // (75 − 50) / (100 − 50)
    }

    @Test func withNothingBeforeTheStartTheFirstObservationInsideTheCycleIsTheBaseline() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", target: 100)
        history.observe("m", 55, at: "2026-01-15")
        history.observe("m", 77.5, at: "2026-02-15")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(kr.baseline == 55)
        #expect(close(kr.progress, 0.5))  // (77.5 − 55) / 45
    }

    @Test func afterTheCycleEndsObservationsPastTheEndDoNotCount() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 10)
        history.observe("m", 6, at: "2026-03-31T23:00:00Z")
        history.observe("m", 12, at: "2026-04-05")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-04-10"))
        #expect(kr.expected == 1)
        #expect(kr.current == 6)
        #expect(close(kr.score, 0.6))
        #expect(kr.pace == .atRisk)  // 0.6 / 1
    }

    @Test func aDroppedKeyResultLeavesTheReportFromItsDropOn() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 10)
        history.add(KeyResultDropped(id: "KR-1", reason: "metric retired"), at: "2026-02-01")
        #expect(history.keyResult("KR-1", asOf: "2026-01-20") != nil)
        #expect(history.keyResult("KR-1", asOf: "2026-02-02") == nil)
    }

    @Test func aTimelineKeepsEffectiveOrderWhateverTheArrivalOrder() {
        var timeline = Timeline<Int>()
        let stamps = [(3, "2026-01-03"), (1, "2026-01-01"), (4, "2026-01-02"), (2, "2026-01-03"), (5, "2026-01-01")]
        for (seq, day) in stamps {
            timeline.insert(seq, at: Stamp(seq: UInt64(seq), effectiveAt: instant(day), recordedAt: instant(day)))
        }
        #expect(timeline.entries.map(\.value) == [1, 5, 4, 2, 3])
        let perspective = Perspective(at: instant("2026-01-02T12:00:00Z"))
        #expect(timeline.latest(perspective)?.value == 4)
        #expect(timeline.visible(perspective, from: instant("2026-01-01T12:00:00Z")).map(\.value) == [4])
    }
}
