import OKREvents
import Testing
@testable import OKRProjections

/// `apply`'s planner: what a declared file changes in the log, and what it refuses.
@Suite struct PlanTests {
    static func document(target: Double = 85, title: String = "Onboarding to 85%", withSecondKR: Bool = true) -> OKRDocument {
        var document = OKRDocument()
        document.cycles = [.init(CycleDefined(id: "2026-Q1", name: "Q1 2026", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!))]
        document.northStars = [.init(NorthStarDefined(id: "ns", name: "North", metric: "north"))]
        document.strategies = [.init(StrategyChoiceRecorded(id: "s1", statement: "Self-serve", northStar: "ns"))]
        var keyResults = [OKRDocument.KeyResult(KeyResultCreated(id: "kr-a", objective: "obj", title: title, metric: "a", baseline: 60, target: target))]
        if withSecondKR {
            keyResults.append(.init(KeyResultCreated(id: "kr-b", objective: "obj", title: "TTFV", metric: "b", baseline: 48, target: 2)))
        }
        document.objectives = [
            .init(ObjectiveCreated(id: "child", cycle: "2026-Q1", team: "onboarding", title: "Child", parent: "obj")),
            .init(ObjectiveCreated(id: "obj", cycle: "2026-Q1", team: "growth", title: "Ease of use", strategy: "s1"),
                  at: instant("2026-01-02"), keyResults: keyResults),
        ]
        return document
    }

    /// The model after applying `document` to `model`.
    static func applied(_ document: OKRDocument, to model: OKRModel = OKRModel()) throws -> OKRModel {
        var model = model
        for change in try model.plan(document, source: "okrs.toml", now: instant("2026-02-01")) {
            model.fold(StoredEvent(seq: model.lastSeq + 1, id: .init(), recordedAt: instant("2026-02-01"),
                                    effectiveAt: change.effectiveAt ?? instant("2026-02-01"), actor: "alice", payload: change.payload))
        }
        return model
    }

    @Test func aNewFileCreatesEverythingParentsFirstAndBackDated() throws {
        let changes = try OKRModel().plan(Self.document(), source: "okrs.toml", now: instant("2026-02-01"))
        #expect(changes.map(\.action) == Array(repeating: .create, count: 7))
        #expect(changes.map(\.id) == ["2026-Q1", "ns", "s1", "obj", "kr-a", "kr-b", "child"])
        #expect(changes.first { $0.id == "obj" }?.effectiveAt == instant("2026-01-02"))
    }

    @Test func applyingTheSameFileTwicePlansNothing() throws {
        let model = try Self.applied(Self.document())
        #expect(try model.plan(Self.document(), source: "okrs.toml", now: instant("2026-02-02")).isEmpty)
    }

    @Test func changesBecomeUpdatesRetargetsAndDrops() throws {
        let model = try Self.applied(Self.document())
        let changes = try model.plan(Self.document(target: 80, title: "Onboarding to 80%", withSecondKR: false),
                                     source: "okrs.toml", now: instant("2026-02-02"))
        #expect(changes.map(\.action) == [.update, .retarget, .drop])
        #expect(changes.map(\.id) == ["kr-a", "kr-a", "kr-b"])
        #expect(changes[1].detail == "target 85 → 80: changed in okrs.toml")
        guard case .keyResultDropped(let drop) = changes[2].payload else { Issue.record("not a drop"); return }
        #expect(drop.reason == "removed from okrs.toml")
    }

    @Test func anObjectiveGoneFromTheFileIsDropped() throws {
        let model = try Self.applied(Self.document())
        var document = Self.document()
        document.objectives.removeFirst()
        let changes = try model.plan(document, source: "okrs.toml", now: instant("2026-02-02"))
        #expect(changes.map(\.action) == [.drop])
        #expect(changes.map(\.id) == ["child"])
    }

    @Test func whatNoEventCanExpressIsRefused() throws {
        let model = try Self.applied(Self.document())
        var moved = Self.document()
        moved.objectives[1].definition.team = "platform"
        #expect(throws: PlanError.self) { try model.plan(moved, source: "f", now: instant("2026-02-02")) }
        var remetered = Self.document()
        remetered.objectives[1].keyResults[0].definition.metric = "other"
        #expect(throws: PlanError.self) { try model.plan(remetered, source: "f", now: instant("2026-02-02")) }
        var twice = Self.document()
        twice.objectives[0].definition.id = "obj"
        #expect(throws: PlanError.self) { try OKRModel().plan(twice, source: "f", now: instant("2026-02-02")) }
        var orphan = Self.document()
        orphan.objectives[1].definition.strategy = "nowhere"
        let error = #expect(throws: PlanError.self) { try OKRModel().plan(orphan, source: "f", now: instant("2026-02-02")) }
        #expect(error?.description == "objective obj names strategy nowhere, which does not exist")
    }
}

extension OKRModel {
    /// The planner's changes for `document`, as okrd's `apply` asks for them.
    fileprivate func plan(_ document: OKRDocument, source: String, now: Instant) throws(PlanError) -> [PlannedChange] {
        try ApplyPlanner(model: self, document: document, source: source, now: now).plan()
    }
}
