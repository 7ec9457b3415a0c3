import OKREvents
import Testing
@testable import OKRProjections

/// Weighted parents across cycles, progress from children, phased targets and check-ins without
/// a confidence (SPEC §10), each figure worked by hand.
@Suite struct AlignmentTests {
    /// An annual cycle beside its first two quarters.
    static func year() -> History {
        var history = History()
        history.add(CycleDefined(id: "2026", name: "2026", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-12-31")!), at: "2025-12-01")
        history.add(CycleDefined(id: "2026-Q1", name: "Q1", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!), at: "2025-12-01")
        history.add(CycleDefined(id: "2026-Q2", name: "Q2", start: CalendarDay("2026-04-01")!, end: CalendarDay("2026-06-30")!), at: "2025-12-01")
        return history
    }

    static func objective(_ id: String, cycle: String, parents: [ObjectiveParent] = [], progress: ProgressSource = .krs) -> ObjectiveCreated {
        ObjectiveCreated(id: id, cycle: cycle, team: "growth", title: "Objective \(id)", parents: parents, progress: progress)
    }

    /// A (annual, from children) over B (Q1, weight 3), C (Q1, weight 1) and D (Q2, weight 2).
    static func annual(progress: ProgressSource = .children) -> History {
        var history = year()
        history.add(objective("A", cycle: "2026", progress: progress), at: "2025-12-02")
        history.add(objective("B", cycle: "2026-Q1", parents: [ObjectiveParent(id: "A", weight: 3)]), at: "2025-12-02")
        history.add(objective("C", cycle: "2026-Q1", parents: [ObjectiveParent(id: "A", weight: 1)]), at: "2025-12-02")
        history.add(objective("D", cycle: "2026-Q2", parents: [ObjectiveParent(id: "A", weight: 2)]), at: "2025-12-02")
        history.keyResult("KR-A", objective: "A", metric: "a", baseline: 0, target: 10, weight: 2, at: "2025-12-02")
        history.keyResult("KR-B", objective: "B", metric: "b", baseline: 0, target: 10, at: "2025-12-02")
        history.keyResult("KR-C", objective: "C", metric: "c", baseline: 0, target: 100, at: "2025-12-02")
        history.keyResult("KR-D", objective: "D", metric: "d", baseline: 0, target: 4, at: "2025-12-02")
        history.observe("a", 4, at: "2026-02-01")
        history.observe("b", 5, at: "2026-02-01")
        history.observe("c", 20, at: "2026-02-01")
        history.observe("b", 8, at: "2026-04-10")  // after Q1: B keeps its Q1 score
        history.observe("d", 3, at: "2026-05-01")
        return history
    }

    static func score(_ history: History, _ id: String, asOf: String, cycle: String? = nil) -> Double? {
        history.report(asOf: asOf, cycle: cycle).cycles.flatMap(\.objectives).first { $0.id == id }?.score
    }

    @Test func anAnnualObjectiveFromChildrenIsTheWeightedMeanOfTheirScoresEachInItsOwnCycle() {
        let history = Self.annual()
        // 15 February: B = 0.5, C = 0.2; D's quarter has not begun.
        #expect(close(Self.score(history, "A", asOf: "2026-02-15"), (3 * 0.5 + 1 * 0.2) / 4))
        // 15 May: B stays 0.5 (its value at Q1's end), C 0.2, D = 0.75.
        #expect(close(Self.score(history, "A", asOf: "2026-05-15"), (3 * 0.5 + 1 * 0.2 + 2 * 0.75) / 6))
        #expect(close(Self.score(history, "B", asOf: "2026-05-15", cycle: "2026-Q1"), 0.5))
    }

    @Test func bothWeighsKeyResultsAndChildrenTogether() {
        let history = Self.annual(progress: .both)
        // KR-A = 0.4 at weight 2, beside B and C.
        #expect(close(Self.score(history, "A", asOf: "2026-02-15"), (2 * 0.4 + 3 * 0.5 + 1 * 0.2) / (2 + 3 + 1)))
        let krsOnly = Self.annual(progress: .krs)
        #expect(close(Self.score(krsOnly, "A", asOf: "2026-02-15"), 0.4))
    }

    @Test func statusCoversEveryCycleContainingTheInstantWithParentsAndProgressSource() throws {
        let report = Self.annual().report(asOf: "2026-02-15", cycle: nil)
        #expect(report.cycles.map(\.id) == ["2026", "2026-Q1"])
        let b = try #require(report.cycles[1].objectives.first { $0.id == "B" })
        #expect(b.parents == [ObjectiveParent(id: "A", weight: 3)])
        #expect(b.parent == "A")
        #expect(report.cycles[0].objectives[0].progressFrom == .children)
    }

    @Test func alignmentsCountFromTheirEffectiveTime() {
        var history = Self.annual()
        history.add(ObjectiveAligned(id: "C", parent: "A", weight: 4), at: "2026-03-01")
        history.add(ObjectiveUnaligned(id: "B", parent: "A"), at: "2026-03-10")
        #expect(close(Self.score(history, "A", asOf: "2026-02-15"), (3 * 0.5 + 1 * 0.2) / 4), "before: as defined")
        #expect(close(Self.score(history, "A", asOf: "2026-03-05"), (3 * 0.5 + 4 * 0.2) / 7), "C reweighted")
        #expect(close(Self.score(history, "A", asOf: "2026-03-15"), 0.2), "B no longer under A")
    }

    @Test func aLinkThatWouldCloseALoopIsFoundWithItsPath() {
        var history = Self.year()
        history.add(Self.objective("O-3", cycle: "2026"), at: "2025-12-02")
        history.add(Self.objective("O-2", cycle: "2026", parents: [ObjectiveParent(id: "O-3")]), at: "2025-12-02")
        history.add(Self.objective("O-1", cycle: "2026-Q1", parents: [ObjectiveParent(id: "O-2")]), at: "2025-12-02")
        let model = history.model
        let now = Perspective(at: instant("2026-02-01"))
        #expect(model.alignmentLoop(linking: "O-3", under: "O-1", now) == ["O-3", "O-1", "O-2", "O-3"])
        #expect(model.alignmentLoop(linking: "O-1", under: "O-3", now) == nil, "a second path to an ancestor is no loop")
        #expect(model.alignmentLoop(linking: "O-1", under: "O-1", now) == ["O-1", "O-1"])
    }

    @Test func aLoopMadeByBackDatedLinksNeverRecursesForever() {
        var history = Self.year()
        history.add(Self.objective("X", cycle: "2026", progress: .children), at: "2025-12-02")
        history.add(Self.objective("Y", cycle: "2026", parents: [ObjectiveParent(id: "X")], progress: .both), at: "2025-12-02")
        history.keyResult("KR-Y", objective: "Y", metric: "y", baseline: 0, target: 10, at: "2025-12-02")
        history.observe("y", 5, at: "2026-01-10")
        history.add(ObjectiveAligned(id: "X", parent: "Y"), at: "2026-01-05")
        #expect(close(Self.score(history, "X", asOf: "2026-02-01"), 0.5))
    }

    /// `2026-Q1` is 90 days; a checkpoint of 20 on 2 March (day 60) plans a slow start.
    @Test func aPlannedPathMakesTheSameValueOnTrackWhereTheStraightLineSaysAtRisk() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 100)
        history.observe("m", 40, at: "2026-02-10")
        let straight = try #require(history.keyResult("KR-1", asOf: "2026-02-15T00:00:00Z"))
        #expect(close(straight.expected, 0.5))
        #expect(straight.pace == .atRisk, "0.4 / 0.5 = 0.8")
        history.add(KeyResultPlanned(id: "KR-1", checkpoints: [PlanCheckpoint(day: CalendarDay("2026-03-02")!, value: 20)]),
                    at: "2026-01-05")
        let planned = try #require(history.keyResult("KR-1", asOf: "2026-02-15T00:00:00Z"))
        #expect(close(planned.expected, 20.0 * 45 / 60 / 100), "planned(t) = 15 of 100")
        #expect(planned.pace == .onTrack)
        #expect(planned.plan == [PlanCheckpoint(day: CalendarDay("2026-03-02")!, value: 20)])
        // After the checkpoint the path runs from 20 (day 60) to 100 (day 90): day 75 plans 60.
        let late = try #require(history.keyResult("KR-1", asOf: "2026-03-17T00:00:00Z"))
        #expect(close(late.expected, 0.6))
        history.add(KeyResultPlanned(id: "KR-1", checkpoints: []), at: "2026-03-20")
        #expect(close(history.keyResult("KR-1", asOf: "2026-03-22")?.expected, 80.0 / 90), "a cleared plan is the straight line again")
        // A plan is part of the definition: it holds for the whole cycle from when it is known.
        #expect(close(history.keyResult("KR-1", asOf: "2026-03-17T00:00:00Z", knownAt: "2026-03-19")?.expected, 0.6))
        #expect(close(history.keyResult("KR-1", asOf: "2026-02-15T00:00:00Z", knownAt: "2026-01-04")?.expected, 0.5),
                "before the plan was known: the straight line")
    }

    @Test func aCheckInWithAStatusOrANoteAloneLeavesTheConfidenceToTheLastThatGaveOne() throws {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "m", baseline: 0, target: 100)
        history.checkIn("KR-1", 6, at: "2026-01-10")
        history.checkIn("KR-1", 8, at: "2026-01-17")
        history.add(CheckInRecorded(kr: "KR-1", confidence: nil, note: nil, status: .atRisk), at: "2026-01-24")
        history.add(CheckInRecorded(kr: "KR-1", confidence: nil, note: "legal review booked"), at: "2026-01-31")
        let kr = try #require(history.keyResult("KR-1", asOf: "2026-02-01"))
        #expect(kr.confidence == 8)
        #expect(kr.confidenceTrend == 2)
        #expect(kr.confidenceAt == instant("2026-01-17"))
        #expect(kr.checkInAt == instant("2026-01-31"))
        #expect(kr.checkInStatus == .atRisk)
    }
}
