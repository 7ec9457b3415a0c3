import Foundation
import OKRTestSupport
import Synchronization
import Testing
@testable import OKREvents

/// The in-memory store gives the answers the LMDB log gives: the same seqs, the same repeats,
/// the same refusals, the same events read back, the same commits told. A script of appends
/// runs against both, and every answer is compared.
@Suite struct MemoryEventStoreTests {
    static let start = Instant(rfc3339: "2026-01-01T00:00:00Z")!

    /// One step of the script: events, or a batch of observations.
    enum Step {
        case events([NewEvent])
        case batch(ObservationBatch)
    }

    static func observed(_ metric: String, _ value: Double, at seconds: Double?, key: String? = nil) -> NewEvent {
        NewEvent(MetricObserved(metric: metric, value: value), effectiveAt: seconds.map { start.adding(seconds: $0) },
                 actor: "cron", idempotencyKey: key)
    }

    static func batch(_ rows: [(String, Double, Double?, String?)], byContent: Bool) -> ObservationBatch {
        var batch = ObservationBatch(actor: "import")
        for (metric, value, at, key) in rows {
            batch.add(metric: metric, value: value, at: at.map { start.adding(seconds: $0) }, source: nil, key: key)
        }
        batch.identifiesByContent = byContent
        return batch
    }

    static let script: [Step] = [
        .events([observed("m", 1, at: 10), observed("m", 2, at: 20, key: "k1")]),
        .events([observed("m", 2, at: 20, key: "k1")]),                              // a repeat: seq 2 again
        .events([observed("m", 3, at: 20, key: "k1")]),                              // same key, other content: conflict
        .events([observed("n", 1, at: nil, key: "k2"), observed("n", 1, at: nil, key: "k2")]), // twice in one request
        .events([observed("n", 1, at: 5, key: "k2")]),                               // was sent without a time: conflict
        .events([observed("x", 1, at: 1, key: "a"), observed("x", 2, at: 1, key: "a")]), // one request, two contents: conflict
        .events([observed("e", 1, at: 1, key: "")]),                                 // an empty key is refused
        .batch(batch([("m", 1, 10, nil), ("m", 9, 10, nil), ("p", 4, 30, nil), ("p", 4, 30, nil)], byContent: true)),
        .batch(batch([("m", 1, 10, nil), ("q", 5, nil, nil)], byContent: false)),    // not by content: appended again
        .batch(batch([("r", 1, 1, "rk"), ("r", 1, 1, "rk")], byContent: true)),
        .events([NewEvent(CycleDefined(id: "Q", name: "Q", start: CalendarDay(year: 2026, month: 1, day: 1)!,
                                       end: CalendarDay(year: 2026, month: 3, day: 31)!), actor: "ann", idempotencyKey: "c")]),
    ]

    /// What a step answered: outcomes without their UUIDs, or the refusal's kind and seq.
    enum Answer: Equatable {
        case outcomes([[UInt64]])
        case refused(EventLogError.Kind, UInt64?)
    }

    static func run(_ store: some EventStore) async -> [Answer] {
        var answers: [Answer] = []
        for step in script {
            do {
                let outcomes: [AppendOutcome]
                switch step {
                case .events(let events): outcomes = try await store.append(events)
                case .batch(let batch):
                    outcomes = try await withCheckedThrowingContinuation { continuation in
                        store.append(batch) { continuation.resume(with: $0) }
                    }
                }
                answers.append(.outcomes(outcomes.map { [$0.seq, $0.duplicate ? 1 : 0] }))
            } catch let error as EventLogError {
                answers.append(.refused(error.kind, error.seq))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        return answers
    }

    @Test func theScriptGetsTheSameAnswersFromBoth() async throws {
        let directory = TemporaryDirectory()
        let toldByLog = Mutex<[UInt64]>([])
        let log = try EventLog(directory: directory.path, onCommit: { committed in
            toldByLog.withLock { $0 += committed.events.map(\.seq) }
        })
        defer { log.close() }
        let toldByMemory = Mutex<[UInt64]>([])
        let memory = MemoryEventStore(onCommit: { committed in toldByMemory.withLock { $0 += committed.events.map(\.seq) } })

        let fromLog = await Self.run(log)
        let fromMemory = await Self.run(memory)
        #expect(fromMemory == fromLog)
        #expect(fromLog.contains(.refused(.idempotencyConflict, 2)), "the script reaches a stored conflict")
        #expect(memory.lastSeq == log.lastSeq)
        #expect(toldByMemory.withLock { $0 } == toldByLog.withLock { $0 }, "the same events told to onCommit")

        let fromLogEvents = try log.events(from: 1, limit: 100)
        let fromMemoryEvents = try memory.events(from: 1, limit: 100)
        #expect(fromMemoryEvents.map(\.payload) == fromLogEvents.map(\.payload))
        #expect(fromMemoryEvents.map(\.seq) == fromLogEvents.map(\.seq))
        #expect(try memory.events(from: 3, limit: 2).map(\.seq) == log.events(from: 3, limit: 2).map(\.seq))
        let keys = ["k1", "k2", "rk", "c", "never"]
        #expect(try memory.events(forKeys: keys).map { $0?.seq } == log.events(forKeys: keys).map { $0?.seq })
        #expect(try memory.verify().isHealthy && memory.verify().events == log.verify().events)
    }
}
