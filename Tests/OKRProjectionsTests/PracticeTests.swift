import OKREvents
import Testing
@testable import OKRProjections

@Suite struct PracticeTests {
    @Test func theTreeHangsObjectivesUnderStrategiesAndParentsAndListsTheUnlinkedApart() throws {
        var history = LintTests.healthy()
        history.add(NorthStarDefined(id: "ns", name: "Weekly active teams", metric: "wat"), at: "2025-12-01")
        history.add(StrategyChoiceRecorded(id: "s1", statement: "Self-serve onboarding", northStar: "ns"), at: "2025-12-01")
        history.add(StrategyChoiceRecorded(id: "s2", statement: "Enterprise", northStar: "ns"), at: "2025-12-01")
        history.objective("O-2", team: "onboarding", parent: "O-1")
        history.objective("O-3", team: "platform")
        history.observe("wat", 1200, at: "2026-02-01")
        history.add(WorkItemLinked(subject: "KR-1", ref: "JIRA-123", title: "Guided setup"), at: "2026-01-10")
        let tree = try #require(history.model.answer(TreeQuery(cycle: "2026-Q1", Perspective(at: instant("2026-02-15")))))
        let star = try #require(tree.northStars.first)
        #expect(star.current == 1200)
        #expect(star.strategies.map(\.id) == ["s1", "s2"])
        let company = try #require(star.strategies[0].objectives.first)
        #expect(company.id == "O-1")
        #expect(company.children.map(\.id) == ["O-2"])
        #expect(company.keyResults.first?.workItems.map(\.ref) == ["JIRA-123"])
        #expect(star.strategies[1].objectives.isEmpty)
        #expect(tree.unlinked.map(\.id) == ["O-3"])
        #expect(close(tree.alignment, 2.0 / 3.0))
    }

    @Test func aFeedIsQuietAfterTwiceItsCadenceOrTheStalenessLimit() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "hourly", baseline: 0, target: 10)
        for hour in 0..<10 { history.observe("hourly", Double(hour), at: "2026-02-10T0\(hour):00:00Z") }
        for day in 1...3 { history.observe("daily", Double(day), at: "2026-02-0\(day)") }
        history.observe("once", 1, at: "2026-02-12")
        let report = history.model.answer(FeedsQuery(Perspective(at: instant("2026-02-14"))))
        // hourly: last 09:00 on the 10th, cadence 1 h: quiet. daily: last the 3rd, cadence 1 day: quiet (11 days).
        // once: no cadence, 2 days < 7-day limit: fine.
        #expect(report.feeds.map(\.metric) == ["daily", "hourly"], "most overdue first")
        let hourly = try #require(report.feeds.first { $0.metric == "hourly" })
        #expect(hourly.cadenceSeconds == 3600)
        #expect(hourly.keyResults == ["KR-1"])
        #expect(hourly.dueAt == instant("2026-02-10T10:00:00Z"))
        #expect(history.model.answer(FeedsQuery(Perspective(at: instant("2026-02-14")), all: true)).feeds.count == 3)
        #expect(history.model.answer(FeedsQuery(Perspective(at: instant("2026-02-10T10:30:00Z")))).feeds.map(\.metric) == ["daily"], "one hour late is not yet quiet")
    }

    /// A metric measured only by key results of a closed cycle is not a feed any more (an
    /// imported year has one per key result); `all` still lists it, and a metric an open cycle's
    /// key result or a north star measures stays a feed. An ended cycle not yet closed still waits.
    @Test func aMetricOfClosedCyclesOnlyIsNotAFeed() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "hourly", baseline: 0, target: 10)
        for hour in 0..<10 { history.observe("hourly", Double(hour), at: "2026-02-10T0\(hour):00:00Z") }
        let inQuarter = history.model.answer(FeedsQuery(Perspective(at: instant("2026-02-14"))))
        #expect(inQuarter.feeds.map(\.metric) == ["hourly"])
        #expect(history.model.answer(FeedsQuery(Perspective(at: instant("2026-05-14")))).feeds.map(\.metric) == ["hourly"], "ended, not closed")
        history.add(CycleClosed(id: "2026-Q1", keyResults: [FrozenScore(id: "KR-1", score: 0.9)], objectives: []), at: "2026-04-02")
        let after = history.model.answer(FeedsQuery(Perspective(at: instant("2026-05-14"))))
        #expect(after.feeds.isEmpty, "the quarter is closed: nothing waits for its metric")
        #expect(history.model.answer(FeedsQuery(Perspective(at: instant("2026-05-14")), all: true)).feeds.map(\.metric) == ["hourly"])
        history.add(NorthStarDefined(id: "ns", name: "Hourly", metric: "hourly"), at: "2026-01-02")
        #expect(history.model.answer(FeedsQuery(Perspective(at: instant("2026-05-14")))).feeds.map(\.metric) == ["hourly"], "a north star still wants it")
    }

    @Test func closingFreezesScoresAndGradesJudgeCommittedAndAspirationalApart() throws {
        var history = LintTests.healthy()
        history.objective("O-2", kind: .committed)
        history.keyResult("KR-3", objective: "O-2", metric: "c", baseline: 0, target: 10)
        history.observe("c", 9, at: "2026-03-30")
        history.observe("a", 6.5, at: "2026-03-30")
        history.observe("b", 6.5, at: "2026-03-30")
        let model = history.model
        let closed = try #require(model.answer(ClosingQuery("2026-Q1", now: instant("2026-04-03"))))
        #expect(closed.keyResults.map(\.id) == ["KR-1", "KR-2", "KR-3"])
        #expect(closed.keyResults.map(\.score) == [0.65, 0.65, 0.9])
        history.add(closed, at: "2026-04-03")
        history.observe("c", 10, at: "2026-03-31")  // a late back-fill after close changes nothing frozen
        let report = try #require(history.model.answer(ScoreQuery("2026-Q1", Perspective(at: instant("2026-04-05")))))
        #expect(report.closed)
        let aspirational = try #require(report.objectives.first { $0.id == "O-1" })
        #expect(close(aspirational.score, 0.65))
        #expect(aspirational.grade == .yellow)
        #expect(aspirational.verdict == .sweetSpot)
        let committed = try #require(report.objectives.first { $0.id == "O-2" })
        #expect(close(committed.score, 0.9))
        #expect(committed.grade == .green)
        #expect(committed.verdict == .postmortem, "committed below 1.0")
        #expect(!report.sandbagging)
    }

    @Test func beforeCloseTheScoreIsProvisional() throws {
        let report = try #require(LintTests.healthy().model.answer(ScoreQuery("2026-Q1", Perspective(at: instant("2026-02-15")))))
        #expect(!report.closed)
        #expect(close(report.objectives.first?.score, 0.5))
    }

    @Test func calibrationIsTheBrierScoreOfConfidenceAgainstReachingPointSeven() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10)
        history.keyResult("KR-2", metric: "b", baseline: 0, target: 10)
        history.checkIn("KR-1", 8, at: "2026-01-10")
        history.checkIn("KR-1", 6, at: "2026-02-10")
        history.checkIn("KR-2", 7, at: "2026-01-10")
        history.checkIn("KR-2", 2, at: "2026-02-10")
        history.add(CycleClosed(id: "2026-Q1", keyResults: [FrozenScore(id: "KR-1", score: 0.8), FrozenScore(id: "KR-2", score: 0.3)],
                                objectives: [FrozenScore(id: "O-1", score: 0.55)]), at: "2026-04-01")
        let report = history.model.answer(CalibrationQuery(Perspective(at: instant("2026-04-02"))))
        let team = try #require(report.teams.first)
        #expect(team.team == "growth")
        // (0.8−1)² + (0.6−1)² + (0.7−0)² + (0.2−0)² = 0.04 + 0.16 + 0.49 + 0.04 = 0.73, over 4
        #expect(close(team.score.brier, 0.1825))
        #expect(close(team.score.meanConfidence, 5.75))
        #expect(close(team.score.hitRate, 0.5))
        #expect(close(team.score.bias, 0.075))
        #expect(team.cycles.map(\.cycle) == ["2026-Q1"])
        #expect(history.model.answer(CalibrationQuery(Perspective(at: instant("2026-03-31")))).teams.isEmpty, "nothing closed yet")
    }
}
