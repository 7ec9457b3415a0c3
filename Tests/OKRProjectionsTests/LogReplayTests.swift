import Foundation
import OKRTestSupport
import OKREvents
import Testing
@testable import OKRProjections

/// The projection folded from a real LMDB log, after a close and reopen, answers exactly as the
/// fold of the same events in memory.
@Suite struct LogReplayTests {
    @Test func aFoldOfTheReopenedLogGivesTheSameStatusAsTheHistory() async throws {
        let history = ProgressFormulaTests.onboarding()
        let directory = TemporaryDirectory()
        do {
            let log = try EventLog(directory: directory.path, clock: { instant("2026-02-20") })
            for event in history.events {
                _ = try await log.append(NewEvent(event.payload, effectiveAt: event.effectiveAt, actor: event.actor, id: event.id))
            }
            log.close()
        }
        let log = try EventLog(directory: directory.path)
        var model = OKRModel()
        try log.forEachEvent { model.fold($0) }
        #expect(model.lastSeq == UInt64(history.events.count))

        let perspective = Perspective(asOf: instant("2026-02-15"), knownAt: instant("2026-03-01"))
        let fromLog = model.answer(StatusQuery(perspective: perspective, cycle: "2026-Q1"))
        let fromMemory = history.model.answer(StatusQuery(perspective: perspective, cycle: "2026-Q1"))
        #expect(fromLog == fromMemory)
        #expect(fromLog.cycles.first?.objectives.first?.krs.first?.pace == .onTrack)
    }
}
