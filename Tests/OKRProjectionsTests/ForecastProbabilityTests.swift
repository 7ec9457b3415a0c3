import OKREvents
import Testing
@testable import OKRProjections

/// The probabilistic forecast (docs/PROJECTIONS.md): expected values from SciPy
/// (`numpy.polyfit` and `scipy.stats.t`) on the same points.
@Suite struct ForecastProbabilityTests {
    @Test(arguments: [
        (1.0, 1.0, 0.75),  // Cauchy
        (1.0, 2.0, 0.7886751345948129),  // 1/2 + t / (2√(2 + t²))
        (2.228138852, 10.0, 0.9750000000005817),
        (-1.5, 7.0, 0.088649243494985),
        (0.0, 3.0, 0.5),
    ])
    func studentTMatchesReferenceValues(t: Double, degrees: Double, expected: Double) {
        #expect(abs(StudentT.cdf(t, degrees: degrees) - expected) < 1e-9)
    }

    static let day = 86_400.0

    @Test func aTrendJustPastTheTargetHasAboutAThreeInFiveChance() throws {
        let points = [(x: 0.0, y: 60.0), (x: 31 * Self.day, y: 70.0), (x: 45 * Self.day, y: 72.5)]
        let trend = try #require(TrendForecast.fit(points, end: 90 * Self.day, baseline: 60, target: 85))
        #expect(abs(trend.value - 85.94280326838468) < 1e-9)
        #expect(abs((trend.probability ?? 0) - 0.6129315072807222) < 1e-9)
        #expect(abs((trend.crossingOffset ?? 0) / Self.day - 86.694214876033) < 1e-9, "the line reaches 85 on day 86.7")
    }

    @Test func aFlatteningTrendFarBelowTheTargetIsNearlyHopeless() throws {
        let points = [(x: 0.0, y: 60.0), (x: 31 * Self.day, y: 63.0), (x: 45 * Self.day, y: 65.0), (x: 59 * Self.day, y: 66.0)]
        let trend = try #require(TrendForecast.fit(points, end: 90 * Self.day, baseline: 60, target: 85))
        #expect(abs(trend.value - 69.37302106502682) < 1e-9)
        #expect(abs((trend.probability ?? 1) - 0.0005060135106292885) < 1e-9)
        #expect(abs((trend.crossingOffset ?? 0) / Self.day - 239.67042606516353) < 1e-9, "long after the quarter")
    }

    @Test func aDecreasingKeyResultCountsReachingBelowTheTarget() throws {
        // Mirror image of the first case: 48 → 2 hours falling like 60 → 85 rises.
        let points = [(x: 0.0, y: 48.0), (x: 31 * Self.day, y: 38.0), (x: 45 * Self.day, y: 35.5)]
        let trend = try #require(TrendForecast.fit(points, end: 90 * Self.day, baseline: 48, target: 23))
        #expect(abs((trend.probability ?? 0) - 0.6129315072807222) < 1e-9)
    }

    @Test func twoPointsLeaveNoDegreesOfFreedomSoThereIsNoProbability() throws {
        // n − 2 = 0: a line through two points says nothing about the noise around it, so a
        // "0% chance" (or 100%) would be made up (issue 19, item 7).
        let reaching = try #require(TrendForecast.fit([(x: 0, y: 0), (x: 10, y: 5)], end: 30, baseline: 0, target: 10))
        #expect(reaching.probability == nil)
        #expect(reaching.value == 15)
        #expect(reaching.crossingOffset == 20)
        let short = try #require(TrendForecast.fit([(x: 0, y: 0), (x: 10, y: 1)], end: 30, baseline: 0, target: 10))
        #expect(short.probability == nil)
    }

    @Test func threePointsOnALineAreAllOrNothing() throws {
        let exact = try #require(TrendForecast.fit([(x: 0, y: 0), (x: 10, y: 5), (x: 20, y: 10)], end: 30, baseline: 0, target: 10))
        #expect(exact.probability == 1)
        let short = try #require(TrendForecast.fit([(x: 0, y: 0), (x: 10, y: 1), (x: 20, y: 2)], end: 30, baseline: 0, target: 10))
        #expect(short.probability == 0)
    }

    @Test func aTrendHeadingAwayFromTheTargetNeverCrossesIt() throws {
        let trend = try #require(TrendForecast.fit([(x: 0, y: 10), (x: 10, y: 8), (x: 20, y: 7)], end: 30, baseline: 10, target: 20))
        #expect(trend.crossingOffset == nil)
        #expect((trend.probability ?? 1) < 0.05, "one degree of freedom: heavy tails, but small")
    }

    @Test func statusCarriesTheProbabilityAndTheCrossingDate() throws {
        let kr = try #require(ProgressFormulaTests.onboarding().keyResult("KR-1", asOf: "2026-02-15"))
        #expect(abs((kr.forecastProbability ?? 0) - 0.6129315072807222) < 1e-9)
        // Day 86.694… after 1 January: 28 March 2026, 16:39:40.
        #expect(kr.forecastCrossing == Instant(rfc3339: "2026-01-01")!.adding(seconds: 86.694214876033 * Self.day))
    }
}

extension ForecastProbabilityTests {
    /// Found by the benchmark: a nearly flat trend put the crossing 10²⁰ s away and crashed okrd
    /// converting it to an instant.
    @Test func aNearlyFlatTrendHasNoCrossingAndStatusSurvivesIt() throws {
        let flat = try #require(TrendForecast.fit([(x: 0, y: 500), (x: 86_400, y: 500.000001), (x: 172_800, y: 500)],
                                                  end: 90 * 86_400, baseline: 0, target: 1000))
        #expect(flat.crossingOffset == nil)
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 1000)
        history.observe("m", 500, at: "2026-01-10")
        history.observe("m", 500.000001, at: "2026-01-20")
        history.observe("m", 500, at: "2026-01-30T00:00:01Z")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-15"))
        #expect(kr.forecastCrossing == nil)
    }

    @Test func addingSecondsSaturatesInsteadOfOverflowing() {
        let start = Instant(rfc3339: "2026-01-01")!
        #expect(start.adding(seconds: 1e20) == .distantFuture)
        #expect(start.adding(seconds: -1e20) == .distantPast)
        #expect(start.adding(seconds: .infinity) == .distantFuture)
        #expect(start.adding(seconds: 86_400) == Instant(rfc3339: "2026-01-02"))
    }
}
