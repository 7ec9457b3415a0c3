import OKREvents
import Testing
@testable import OKRProjections

/// SPEC §3 for `progress` key results, on hand-computed tables. The quarter is 90 days, so
/// 15 February 00:00 is `expected = 45/90 = 0.5`.
@Suite struct ProgressFormulaTests {
    /// Onboarding completion from 60% to 85%: 60 on 1 Jan, 70 on 1 Feb, 72.5 on 15 Feb.
    static func onboarding() -> History {
        var history = History.quarter()
        history.objective("O-1", strategy: "s1")
        history.keyResult("KR-1", metric: "onboarding.completion", baseline: 60, target: 85)
        history.observe("onboarding.completion", 60, at: "2026-01-01")
        history.observe("onboarding.completion", 70, at: "2026-02-01")
        history.observe("onboarding.completion", 72.5, at: "2026-02-15")
        return history
    }

    @Test func halfwayThroughTheQuarterAtHalfTheDistanceIsOnTrack() throws {
        let kr = try #require(Self.onboarding().keyResult("KR-1", asOf: "2026-02-15"))
        #expect(kr.current == 72.5)
        #expect(close(kr.progress, 0.5))  // (72.5 − 60) / (85 − 60)
        #expect(close(kr.score, 0.5))
        #expect(close(kr.expected, 0.5))  // 45 / 90 days
        #expect(kr.pace == .onTrack)  // 0.5 / 0.5 = 1 ≥ 0.9
        #expect(kr.baseline == 60)
    }

    @Test func forecastIsTheLeastSquaresLineAtTheCycleEnd() throws {
        // x in days from S: (0, 60), (31, 70), (45, 72.5); the line at x = 90 is 85.9428032683847.
        let kr = try #require(Self.onboarding().keyResult("KR-1", asOf: "2026-02-15"))
        #expect(close(kr.forecast, 85.94280326838467))
        #expect(close(kr.forecastScore, 1), "progress 1.0377 clamps to 1")
    }

    @Test func aSlowerTrendForecastsAPartialScore() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 60, target: 85)
        history.observe("m", 60, at: "2026-01-01")
        history.observe("m", 63, at: "2026-02-01")
        history.observe("m", 65, at: "2026-02-15")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(close(kr.forecast, 110_890.0 / 1591.0))  // 69.6983…
        #expect(close(kr.forecastScore, 15_430.0 / 39_775.0))  // (forecast − 60) / 25 = 0.38793…
        #expect(close(kr.progress, 0.2))
        #expect(kr.pace == .offTrack)  // 0.2 / 0.5 = 0.4 < 0.6
    }

    @Test func aDecreasingKeyResultMovesTowardALowerTarget() throws {
        // Time to first value from 48 hours to 2: 25 hours is (25 − 48) / (2 − 48) = 0.5.
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-2", metric: "ttfv.hours", baseline: 48, target: 2)
        history.observe("ttfv.hours", 25, at: "2026-02-10")
        let kr = try #require(history.keyResult("KR-2", asOf: "2026-02-15"))
        #expect(close(kr.progress, 0.5))
        #expect(close(kr.score, 0.5))
        #expect(kr.pace == .onTrack)
    }

    @Test func overAchievementKeepsProgressAboveOneAndScoresOne() throws {
        var history = Self.onboarding()
        history.observe("onboarding.completion", 90, at: "2026-02-20")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-21"))
        #expect(close(kr.progress, 1.2))  // (90 − 60) / 25
        #expect(kr.score == 1)
        #expect(kr.pace == .done)
    }

    @Test func noObservationMeansNoDataAndNulls() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-9", metric: "never.observed", baseline: 0, target: 10)
        let kr = try #require(history.keyResult("KR-9", asOf: "2026-02-15"))
        #expect(kr.current == nil)
        #expect(kr.progress == nil)
        #expect(kr.score == nil)
        #expect(kr.forecast == nil)
        #expect(kr.pace == .noData)
        #expect(close(kr.expected, 0.5))
    }

    @Test func paceBandsFollowTheRatioOfScoreToExpected() throws {
        let settings = ProjectionSettings()
        #expect(KeyResultMath.pace(score: 0.45, expected: 0.5, settings: settings) == .onTrack)  // 0.9
        #expect(KeyResultMath.pace(score: 0.4, expected: 0.5, settings: settings) == .atRisk)  // 0.8
        #expect(KeyResultMath.pace(score: 0.3, expected: 0.5, settings: settings) == .atRisk)  // 0.6
        #expect(KeyResultMath.pace(score: 0.25, expected: 0.5, settings: settings) == .offTrack)  // 0.5
        #expect(KeyResultMath.pace(score: 0, expected: 0, settings: settings) == .notStarted)
        #expect(KeyResultMath.pace(score: 1, expected: 0, settings: settings) == .done)
        let lenient = ProjectionSettings(onTrackRatio: 0.75, atRiskRatio: 0.5)
        #expect(KeyResultMath.pace(score: 0.4, expected: 0.5, settings: lenient) == .onTrack)
        #expect(KeyResultMath.pace(score: 0.25, expected: 0.5, settings: lenient) == .atRisk)
    }

    @Test func configuredThresholdsChangeThePaceInTheReport() throws {
        var history = Self.onboarding()
        history.observe("onboarding.completion", 70, at: "2026-02-15T12:00:00Z")  // progress 0.4
        let strict = try #require(history.keyResult("KR-1", asOf: "2026-02-16"))
        #expect(strict.pace == .atRisk)
        let lenient = try #require(history.keyResult("KR-1", asOf: "2026-02-16", settings: ProjectionSettings(onTrackRatio: 0.75)))
        #expect(lenient.pace == .onTrack)
    }

    @Test func aForecastNeedsTwoObservationsAtDistinctTimes() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 10)
        history.observe("m", 2, at: "2026-01-10")
        history.observe("m", 3, at: "2026-01-10")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-01"))
        #expect(kr.forecast == nil)
        #expect(kr.forecastScore == nil)
        #expect(KeyResultMath.forecast([(x: 1, y: 1)], at: 2) == nil)
    }

    @Test func aRetargetCountsFromItsEffectiveTime() throws {
        var history = Self.onboarding()
        history.add(KeyResultRetargeted(id: "KR-1", target: 80, reason: "pricing page slipped"), at: "2026-02-01")
        let before = try #require(history.keyResult("KR-1", asOf: "2026-01-20"))
        #expect(before.target == 85)
        let after = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(after.target == 80)
        #expect(close(after.progress, 0.625))  // (72.5 − 60) / (80 − 60)
    }

    @Test func aMilestoneScoresItsCurrentValueBetweenZeroAndOne() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.add(KeyResultCreated(id: "KR-M", objective: "O-1", title: "Ship SSO", metric: "sso.shipped", kind: .milestone, target: 1),
                    at: "2025-12-20")
        history.observe("sso.shipped", 0, at: "2026-01-02")
        let open = try #require(history.keyResult("KR-M", asOf: "2026-02-15"))
        #expect(open.baseline == 0 && open.target == 1)
        #expect(open.score == 0)
        #expect(open.pace == .offTrack)
        history.observe("sso.shipped", 1, at: "2026-03-01")
        let shipped = try #require(history.keyResult("KR-M", asOf: "2026-03-02"))
        #expect(shipped.score == 1)
        #expect(shipped.pace == .done)
        #expect(shipped.forecast == nil)
    }
}
