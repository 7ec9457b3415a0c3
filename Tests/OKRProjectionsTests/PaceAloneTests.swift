import OKREvents
import Testing
@testable import OKRProjections

/// `Evaluator.pace(of:)`, the pace a hook asks at every commit, is the pace `status` shows:
/// for progress, threshold and planned key results, before and after their observations.
struct PaceAloneTests {
    @Test func theLightPaceIsTheStatusPace() async throws {
        var history = SnapshotTests.everything()
        history.keyResult("KR-4", metric: "signups", target: 100)
        history.add(KeyResultPlanned(id: "KR-4", checkpoints: [PlanCheckpoint(day: CalendarDay("2026-02-01")!, value: 70)]), at: "2026-01-02")
        for (day, value) in [("2026-01-10", 5.0), ("2026-01-20", 30), ("2026-02-10", 90)] {
            history.add(MetricObserved(metric: "signups", value: value), at: day)
        }
        let model = OKRModel(history.events)
        let evaluator = Evaluator(model)
        var compared = 0
        for date in ["2026-01-02", "2026-01-15", "2026-01-25", "2026-02-05", "2026-02-20", "2026-03-20"] {
            let perspective = Perspective(at: instant(date))
            for (id, record) in model.keyResults {
                guard let objective = model.objectives[record.current(perspective).objective],
                      let cycle = model.cycles[objective.defined.definition.cycle] else { continue }
                let status = evaluator.evaluate(record, in: cycle, perspective)
                #expect(evaluator.pace(of: record, in: cycle, perspective) == status.pace, "\(id) at \(date)")
                compared += 1
            }
        }
        #expect(compared >= 24)
    }
}
