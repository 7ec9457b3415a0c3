import OKREvents
import Testing
@testable import OKRProjections

/// Each rule of SPEC §4 fires on the defect it names and stays quiet on a healthy quarter.
@Suite struct LintTests {
    /// Every rule of SPEC §4, §14 and §15 is one registered type, its code once, with the severity the
    /// documentation gives it (a dead feed an error, style advice info, the rest warnings).
    @Test func everyRuleIsOneTypeWithItsCodeAndSeverity() {
        #expect(Lint.checks.map { $0.code } == (1...14).map { $0 < 10 ? "OKR00\($0)" : "OKR0\($0)" })
        let severities = Dictionary(uniqueKeysWithValues: Lint.checks.map { ($0.code, $0.severity) })
        #expect(severities["OKR005"] == .error && severities["OKR004"] == .info && severities["OKR007"] == .info)
        #expect(severities.filter { $0.value == .warning }.count == 11)
        let references = ["OKR013": "SPEC §14", "OKR014": "SPEC §15"]
        #expect(Lint.checks.allSatisfy { $0.reference == references[$0.code, default: "SPEC §4"] })
    }

    /// A healthy quarter as of 15 February: one aligned objective, two leading outcome KRs at 50%
    /// on pace, fresh observations and check-ins.
    static func healthy() -> History {
        var history = History.quarter()
        history.objective("O-1", strategy: "s1")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10)
        history.keyResult("KR-2", metric: "b", baseline: 0, target: 10)
        history.observe("a", 5, at: "2026-02-14")
        history.observe("b", 5, at: "2026-02-14")
        history.checkIn("KR-1", 6, at: "2026-02-12")
        history.checkIn("KR-2", 6, at: "2026-02-12")
        return history
    }

    static func codes(_ history: History, asOf: String = "2026-02-15") -> [String: [String]] {
        let report = history.model.answer(LintQuery(cycle: "2026-Q1", Perspective(asOf: instant(asOf), knownAt: instant("2030-01-01"))))
        return Dictionary(grouping: report.findings, by: \.code).mapValues { $0.map(\.subject) }
    }

    @Test func aHealthyQuarterIsClean() {
        #expect(Self.codes(Self.healthy()).isEmpty)
    }

    @Test func okr001MoreThanFiveObjectivesForATeam() {
        var history = Self.healthy()
        for index in 2...5 { history.objective("O-\(index)", strategy: "s1") }
        #expect(Self.codes(history)["OKR001"] == nil, "five is fine")
        history.objective("O-6", strategy: "s1")
        #expect(Self.codes(history)["OKR001"] == ["growth"])
    }

    @Test func okr002TooFewOrTooManyKeyResults() {
        var history = Self.healthy()
        history.add(KeyResultDropped(id: "KR-2", reason: "merged"), at: "2026-02-01")
        #expect(Self.codes(history)["OKR002"] == ["O-1"])
        var many = Self.healthy()
        for index in 3...5 { many.keyResult("KR-\(index)", metric: "a", baseline: 0, target: 10) }
        #expect(Self.codes(many)["OKR002"] == nil, "five is fine")
        many.keyResult("KR-6", metric: "a", baseline: 0, target: 10)
        #expect(Self.codes(many)["OKR002"] == ["O-1"])
    }

    @Test func okr003AllOutputsAndOkr004AllLagging() {
        var history = Self.healthy()
        history.add(KeyResultUpdated(id: "KR-1", level: .output, indicator: .lagging), at: "2026-01-05")
        #expect(Self.codes(history)["OKR003"] == nil)
        #expect(Self.codes(history)["OKR004"] == nil)
        history.add(KeyResultUpdated(id: "KR-2", level: .output, indicator: .lagging), at: "2026-01-05")
        #expect(Self.codes(history)["OKR003"] == ["O-1"])
        #expect(Self.codes(history)["OKR004"] == ["O-1"])
    }

    @Test func okr005AMetricFeedGoneQuiet() {
        var history = History.quarter()
        history.objective("O-1", strategy: "s1")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10)
        history.keyResult("KR-2", metric: "b", baseline: 0, target: 10)
        history.observe("a", 5, at: "2026-02-14")
        history.observe("b", 5, at: "2026-02-07T23:59:00Z")  // 7 days and a minute before
        #expect(Self.codes(history)["OKR005"] == ["KR-2"])
        #expect(Self.codes(history, asOf: "2026-02-14T23:00:00Z")["OKR005"] == nil, "within 7 days")
        let report = history.model.answer(LintQuery(cycle: "2026-Q1", Perspective(at: instant("2026-02-15"))))
        #expect(report.findings.first { $0.code == "OKR005" }?.severity == .error)
    }

    @Test func okr006NoCheckInWithinTheInterval() {
        var history = Self.healthy()
        history.checkIn("KR-2", 6, at: "2026-02-14")
        #expect(Self.codes(history, asOf: "2026-02-19T12:00:00Z")["OKR006"] == ["KR-1"])
    }

    @Test func okr007ARoutineKPIRepeatedFromTheTeamsPreviousCycle() {
        var history = Self.healthy()
        history.add(CycleDefined(id: "2025-Q4", name: "Q4 2025", start: CalendarDay("2025-10-01")!, end: CalendarDay("2025-12-31")!),
                    at: "2025-09-15")
        history.add(ObjectiveCreated(id: "O-old", cycle: "2025-Q4", team: "growth", title: "Old", strategy: "s1"), at: "2025-09-20")
        history.add(KeyResultCreated(id: "KR-old", objective: "O-old", title: "Old", metric: "a", baseline: 0, target: 10), at: "2025-09-20")
        #expect(Self.codes(history)["OKR007"] == ["KR-1"])
        history.add(KeyResultRetargeted(id: "KR-1", target: 12, reason: "stretch"), at: "2026-01-02")
        #expect(Self.codes(history)["OKR007"] == nil, "a new target is a new goal")
    }

    @Test func okr008AnObjectiveLinkedToNothing() {
        var history = Self.healthy()
        history.objective("O-2", team: "platform", parent: "O-1")
        history.objective("O-3", team: "platform")
        #expect(Self.codes(history)["OKR008"] == ["O-3"])
    }

    @Test func okr009RestingOnAnExpiredInsight() {
        var history = Self.healthy()
        history.add(InsightRecorded(id: "I-1", subject: "KR-1", text: "Users want templates", expiresAt: instant("2026-02-10")), at: "2026-01-05")
        history.add(InsightRecorded(id: "I-2", subject: "O-1", text: "Still true", expiresAt: instant("2026-06-10")), at: "2026-01-05")
        #expect(Self.codes(history, asOf: "2026-02-09")["OKR009"] == nil)
        #expect(Self.codes(history)["OKR009"] == ["KR-1"])
        history.add(InsightRenewed(id: "I-1", expiresAt: instant("2026-05-01")), at: "2026-02-12")
        #expect(Self.codes(history)["OKR009"] == nil, "renewed")
    }

    @Test func okr010ConfidenceAndPaceDisagree() {
        var history = Self.healthy()
        history.observe("a", 1, at: "2026-02-14T12:00:00Z")  // 0.1 / 0.5: off-track
        history.checkIn("KR-1", 8, at: "2026-02-14")
        history.checkIn("KR-2", 2, at: "2026-02-14")  // on-track at 0.5
        #expect(Self.codes(history)["OKR010"]?.sorted() == ["KR-1", "KR-2"])
    }

    @Test func okr011ATargetMovedTowardTheBaseline() {
        var easier = Self.healthy()
        easier.add(KeyResultRetargeted(id: "KR-1", target: 8, reason: "too hard"), at: "2026-02-01")
        #expect(Self.codes(easier)["OKR011"] == ["KR-1"])
        var harder = Self.healthy()
        harder.add(KeyResultRetargeted(id: "KR-1", target: 12, reason: "going well"), at: "2026-02-01")
        #expect(Self.codes(harder)["OKR011"] == nil)
    }

    @Test func okr012EveryAspirationalKeyResultScoredOneAtClose() {
        var sandbagged = Self.healthy()
        sandbagged.add(CycleClosed(id: "2026-Q1", keyResults: [FrozenScore(id: "KR-1", score: 1), FrozenScore(id: "KR-2", score: 1)],
                                   objectives: [FrozenScore(id: "O-1", score: 1)]), at: "2026-04-01")
        #expect(Self.codes(sandbagged, asOf: "2026-04-02")["OKR012"] == ["2026-Q1"])
        var ambitious = Self.healthy()
        ambitious.add(CycleClosed(id: "2026-Q1", keyResults: [FrozenScore(id: "KR-1", score: 1), FrozenScore(id: "KR-2", score: 0.6)],
                                  objectives: [FrozenScore(id: "O-1", score: 0.8)]), at: "2026-04-01")
        #expect(Self.codes(ambitious, asOf: "2026-04-02")["OKR012"] == nil)
    }

    @Test func findingsComeMostSevereFirstAndCarryAPlainExplanation() {
        var history = Self.healthy()
        history.objective("O-3", team: "platform")
        history.observe("b", 5, at: "2026-01-01")
        let report = history.model.answer(LintQuery(cycle: "2026-Q1", Perspective(at: instant("2026-02-15"))))
        #expect(report.findings.map(\.severity) == report.findings.map(\.severity).sorted(by: >))
        #expect(report.findings.allSatisfy { !$0.message.isEmpty && $0.cycle == "2026-Q1" })
        #expect(report.hasFindings(atOrAbove: .warning))
    }
}
