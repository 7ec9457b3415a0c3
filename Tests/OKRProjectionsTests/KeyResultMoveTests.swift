import OKREvents
import Testing
@testable import OKRProjections

/// `kr move` (SPEC §10): a key result counts toward its new objective from the move's effective
/// time, and toward the old one before it.
@Suite struct KeyResultMoveTests {
    static func moved() -> History {
        var history = History.quarter()
        history.objective("O-1")
        history.objective("O-2", team: "activation")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10)
        history.keyResult("KR-2", metric: "b", baseline: 0, target: 10)
        history.observe("a", 5, at: "2026-01-20")
        history.observe("b", 10, at: "2026-01-20")
        history.add(KeyResultMoved(id: "KR-1", objective: "O-2", reason: "activation owns it"), at: "2026-02-10", recorded: "2026-02-11")
        return history
    }

    static func shown(_ history: History, asOf: String, knownAt: String = "2030-01-01") -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: history.report(asOf: asOf, knownAt: knownAt).cycles[0].objectives.map { ($0.id, $0.krs.map(\.id)) })
    }

    @Test func beforeTheMoveItCountsTowardItsOldObjectiveAndAfterTowardTheNewOne() throws {
        let history = Self.moved()
        #expect(Self.shown(history, asOf: "2026-02-01") == ["O-1": ["KR-1", "KR-2"], "O-2": []])
        #expect(Self.shown(history, asOf: "2026-02-15") == ["O-1": ["KR-2"], "O-2": ["KR-1"]])
        #expect(Self.shown(history, asOf: "2026-02-15", knownAt: "2026-02-10T12:00:00Z") == ["O-1": ["KR-1", "KR-2"], "O-2": []],
                "not known before it was recorded")
        let after = try #require(history.report(asOf: "2026-02-15").cycles.first)
        #expect(close(after.objectives[0].score, 1.0), "O-1 is KR-2 alone now")
        #expect(close(after.objectives[1].score, 0.5), "O-2 has KR-1")
        #expect(after.objectives[1].krs.first?.team == "activation", "a moved key result takes its new objective's team")
    }

    @Test func theTreeFollowsTheMove() throws {
        let model = Self.moved().model
        let tree = try #require(model.answer(TreeQuery(cycle: "2026-Q1", Perspective(at: instant("2026-02-15")))))
        #expect(tree.unlinked.map { "\($0.id):\($0.keyResults.map(\.id))" } == ["O-1:[\"KR-2\"]", "O-2:[\"KR-1\"]"])
    }
}
