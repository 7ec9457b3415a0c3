import OKREvents
import Testing
@testable import OKRProjections

/// `digest` (SPEC §9) on a scripted quarter: the week of 9–16 February, every section.
@Suite struct DigestTests {
    /// DueTests' quarter, plus a week with movement: KR-1 climbs, KR-2's confidence falls from 8
    /// to 5, an insight is recorded, one expires, one is about to, and KR-3's feed goes quiet.
    static func week() -> History {
        var history = DueTests.quarter()
        history.checkIn("KR-2", 8, at: "2026-02-05")
        history.observe("a", 40, at: "2026-02-13")
        history.add(CheckInRecorded(kr: "KR-2", confidence: 5, note: "sample data import still slow", author: "sam"), at: "2026-02-12")
        history.add(InsightRecorded(id: "I-3", subject: "KR-1", text: "Templates help", expiresAt: instant("2026-06-01")), at: "2026-02-11")
        history.add(InsightRecorded(id: "I-4", subject: "KR-2", text: "Old survey", expiresAt: instant("2026-02-14")), at: "2026-01-02")
        return history
    }

    static func digest(_ history: History, since: String = "2026-02-09", asOf: String = "2026-02-16", knownAt: String = "2030-01-01",
                       owner: String? = nil, team: String? = nil) -> DigestReport {
        history.model.answer(DigestQuery(since: instant(since), asOf: instant(asOf), knownAt: instant(knownAt), cycle: "2026-Q1",
                                         team: team, owner: owner))
    }

    @Test func everySectionSaysWhatMovedInTheWeek() throws {
        let report = Self.digest(Self.week())
        let objectives = try #require(report.cycles.first?.objectives)
        #expect(objectives.map(\.id) == ["O-1", "O-2"])
        let krs = Dictionary(uniqueKeysWithValues: objectives.flatMap(\.keyResults).map { ($0.id, $0) })
        let kr1 = try #require(krs["KR-1"])
        #expect(kr1.valueThen == 20 && kr1.valueNow == 40)
        #expect(close(kr1.scoreThen, 0.2) && close(kr1.scoreNow, 0.4))
        #expect(kr1.series.map(\.value) == [5, 12, 20, 25, 40], "the cycle's observations up to the window's end")
        #expect(kr1.checkIns.map(\.confidence) == [6])
        let kr2 = try #require(krs["KR-2"])
        #expect(kr2.confidenceThen == 8 && kr2.confidenceNow == 5 && kr2.confidenceDropped)
        #expect(kr2.checkIns.first?.note == "sample data import still slow" && kr2.checkIns.first?.author == "sam")
        #expect(krs["KR-3"]?.confidenceDropped == false)
        #expect(objectives[0].scoreThen != objectives[0].scoreNow)

        #expect(report.insights.map { "\($0.id) \($0.change.rawValue)" } == ["I-3 recorded", "I-4 expired", "I-1 expiring"])
        #expect(report.quietFeeds.isEmpty, "every feed moved within a week of the 16th")
        #expect(report.due.contains { $0.kind == .commitmentAtRisk && $0.subject == "O-1" })
        #expect(report.owners == ["maria", "sam"])
    }

    /// An objective scored from its children has no key results to show: the digest shows its
    /// children's moves instead (what moved it), each scored in its own cycle.
    @Test func anObjectiveScoredFromItsChildrenShowsTheirMoves() throws {
        var history = Self.week()
        history.add(CycleDefined(id: "2026", name: "2026", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-12-31")!), at: "2025-12-15")
        history.add(ObjectiveCreated(id: "A", cycle: "2026", team: "growth", title: "Annual", parents: [], progress: .children), at: "2025-12-20")
        history.add(ObjectiveAligned(id: "O-1", parent: "A", weight: 3), at: "2025-12-21")
        let report = Self.digest(history)
        let quarter = try #require(report.cycles.first?.objectives.first { $0.id == "O-1" })
        let annual = history.model.answer(DigestQuery(since: instant("2026-02-09"), asOf: instant("2026-02-16"), knownAt: instant("2030-01-01"),
                                                      cycle: "2026"))
        let objective = try #require(annual.cycles.first?.objectives.first { $0.id == "A" })
        #expect(objective.keyResults.isEmpty && objective.progressFrom == .children)
        let child = try #require(objective.children.first)
        #expect(objective.children.map(\.id) == ["O-1"] && child.weight == 3 && child.cycle == "2026-Q1")
        #expect(child.scoreThen == quarter.scoreThen && child.scoreNow == quarter.scoreNow && child.scoreThen != child.scoreNow)
        #expect(abs((objective.scoreNow ?? -1) - (child.scoreNow ?? -2)) < 1e-12, "the annual objective's one child is its score")
    }

    @Test func quietFeedsAndErrorsAppearWhenTheyAre() {
        let report = Self.digest(Self.week(), since: "2026-02-20", asOf: "2026-02-27")
        #expect(report.quietFeeds.map(\.keyResult) == ["KR-1", "KR-2", "KR-3"])
        #expect(report.findings.allSatisfy { $0.severity == .error })
        #expect(report.findings.contains { $0.code == "OKR005" })
    }

    @Test func theSameWindowKnownAtTheSameInstantGivesTheSameDigestWhateverWasBackFilledSince() {
        var history = Self.week()
        let before = Self.digest(history, asOf: "2026-02-16", knownAt: "2026-02-16")
        // Recorded on the 20th, effective on the 14th: the week's digest made again as known on
        // the 16th ignores it; made as the log knows it now, it shows it.
        history.add(MetricObserved(metric: "a", value: 90), at: "2026-02-14", recorded: "2026-02-20")
        history.add(CheckInRecorded(kr: "KR-1", confidence: 2), at: "2026-02-14", recorded: "2026-02-20")
        #expect(Self.digest(history, asOf: "2026-02-16", knownAt: "2026-02-16") == before)
        let now = Self.digest(history, asOf: "2026-02-16")
        let kr1 = now.cycles.first?.objectives.first?.keyResults.first
        #expect(kr1?.valueNow == 90 && kr1?.checkIns.map(\.confidence) == [6, 2])
    }

    @Test func oneOwnersOrOneTeamsDigest() {
        let sam = Self.digest(Self.week(), owner: "sam")
        #expect(sam.cycles.first?.objectives.map(\.id) == ["O-1"])
        #expect(sam.cycles.first?.objectives.first?.keyResults.map(\.id) == ["KR-2"])
        #expect(sam.owners == ["sam"])
        let platform = Self.digest(Self.week(), team: "platform")
        #expect(platform.cycles.first?.objectives.map(\.id) == ["O-2"])
    }
}
