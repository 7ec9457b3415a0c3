import OKREvents
import OKRProjections
import OKRWire
import Testing
@testable import OKRServer

/// The features' handlers over the in-memory store: what a command appends, what it refuses
/// and why, and what a question then answers.
@Suite struct FeatureTests {
    static let start = CalendarDay(year: 2026, month: 1, day: 1)!
    static let end = CalendarDay(year: 2026, month: 3, day: 31)!

    @Test func aDefinedObjectiveIsInTheProjectionWhenTheCommandReturns() async throws {
        let daemon = MemoryDaemon()
        let definitions = DefinitionsFeature(context: daemon.context)
        let cycle = try await definitions.addCycle(CycleAddParams(id: "2026-Q1", start: Self.start, end: Self.end), by: MemoryDaemon.writer)
        #expect(cycle.seq == 1 && cycle.duplicate != true)
        let objective = try await definitions.addObjective(ObjectiveAddParams(title: "Activate", cycle: "2026-Q1", team: "growth"),
                                                            by: MemoryDaemon.writer)
        #expect(objective.id == "O-1")
        #expect(daemon.projection.read { $0.objectives["O-1"]?.defined.definition.title } == "Activate")
        #expect(daemon.store.lastSeq == 2)
    }

    @Test func aRefusalSaysWhichFieldAndAppendsNothing() async throws {
        let daemon = MemoryDaemon()
        let definitions = DefinitionsFeature(context: daemon.context)
        let error = await #expect(throws: DomainError.self) {
            try await definitions.addCycle(CycleAddParams(id: "Q", start: Self.end, end: Self.start), by: MemoryDaemon.writer)
        }
        #expect(error?.kind == .invalid(field: "end"), "\(String(describing: error))")
        let missing = await #expect(throws: DomainError.self) {
            try await definitions.addObjective(ObjectiveAddParams(title: "T", cycle: "nope", team: "growth"), by: MemoryDaemon.writer)
        }
        #expect(missing?.kind == .notFound(kind: "cycle", id: "nope"))
        #expect(daemon.store.lastSeq == 0)
    }

    @Test func theEdgeTurnsDomainRefusalsIntoTheirCodes() async {
        let daemon = MemoryDaemon()
        let refused = await daemon.answer(#"{"jsonrpc":"2.0","method":"cycle.add","params":{"id":"Q","start":"2026-03-01","end":"2026-01-01"},"id":1}"#)
        #expect(refused.contains(#""code":1004"#) && refused.contains(#""field":"end""#), "\(refused)")
        let missing = await daemon.answer(#"{"jsonrpc":"2.0","method":"kr.show","params":{"id":"KR-9"},"id":2}"#)
        #expect(missing.contains(#""code":1000"#) && missing.contains(#""kind":"#), "\(missing)")
        let denied = await daemon.answer(#"{"jsonrpc":"2.0","method":"cycle.add","params":{"id":"Q","start":"2026-01-01","end":"2026-03-31"},"id":3}"#,
                                         as: MemoryDaemon.reader)
        #expect(denied.contains(#""code":1002"#), "\(denied)")
        #expect(daemon.store.lastSeq == 0)
    }

    @Test func anObservationCountsInTheNextStatus() async throws {
        let daemon = MemoryDaemon()
        for line in [
            #"{"jsonrpc":"2.0","method":"cycle.add","params":{"id":"Q","start":"2026-01-01","end":"2026-03-31"},"id":1}"#,
            #"{"jsonrpc":"2.0","method":"objective.add","params":{"cycle":"Q","team":"growth","title":"Activate"},"id":2}"#,
            #"{"jsonrpc":"2.0","method":"kr.add","params":{"objective":"O-1","title":"Signups","metric":"signups","baseline":0,"target":100},"id":3}"#,
            #"{"jsonrpc":"2.0","method":"observe","params":{"observations":[{"metric":"signups","value":40,"at":"2026-01-20T00:00:00Z"}]},"id":4}"#,
        ] {
            let answer = await daemon.answer(line)
            #expect(answer.contains(#""result""#), "\(answer)")
        }
        let status = await daemon.answer(#"{"jsonrpc":"2.0","method":"status","params":{"cycle":"Q"},"id":5}"#)
        #expect(status.contains(#""current":40"#) && status.contains(#""progress":0.4"#), "\(status)")
        let again = await daemon.answer(#"{"jsonrpc":"2.0","method":"observe","params":{"observations":[{"metric":"signups","value":40,"at":"2026-01-20T00:00:00Z","key":"s1"}]},"id":6}"#)
        let repeated = await daemon.answer(#"{"jsonrpc":"2.0","method":"observe","params":{"observations":[{"metric":"signups","value":40,"at":"2026-01-20T00:00:00Z","key":"s1"}]},"id":7}"#)
        #expect(again.contains(#""appended":1"#) && repeated.contains(#""duplicates":1"#), "\(again) \(repeated)")
    }
}
