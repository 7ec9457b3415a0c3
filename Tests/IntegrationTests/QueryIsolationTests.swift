import Foundation
import OKREvents
import OKRProjections
import Testing
@testable import OKRServer

/// A commit never waits for a query (issue 19, item 11): queries read a copy of the projection,
/// and run on threads the kernel ranks below the writer's.
@Suite struct QueryIsolationTests {
    @Test func aCommitIsFoldedInWhileAQueryIsStillReading() {
        let store = ProjectionStore(settings: ProjectionSettings())
        let folded = DispatchSemaphore(value: 0)
        let (seenByQuery, writerWaited) = store.read { model -> (UInt64, Bool) in
            // The writer thread folds a commit while this query is in the middle of its reads.
            Thread {
                let now = Instant(rfc3339: "2026-01-01T00:00:00Z")!
                let cycle = CycleDefined(id: "2026-Q1", name: "Q1", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!)
                store.fold([StoredEvent(seq: 7, id: UUID(), recordedAt: now, effectiveAt: now, actor: "okrd", payload: EventPayload(cycle))])
                folded.signal()
            }.start()
            let waited = folded.wait(timeout: .now() + 10) == .timedOut
            return (model.lastSeq, waited)
        }
        #expect(!writerWaited, "the fold waited for the query to finish")
        #expect(seenByQuery == 0, "a query sees the model as it was when it began")
        #expect(store.lastSeq == 7)
    }

    @Test func queriesRunOnThreadsBelowTheWritersPriority() throws {
        let daemon = try DaemonProcess()
        #expect(try daemon.okrctl("status").status == 0)
        let pid = try #require(daemon.process?.processIdentifier)
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        var nice: [(name: String, nice: Int)] = []
        for task in tasks {
            // A read of /proc can come back empty on a loaded machine: such a thread is left
            // out rather than taken for an unnamed one.
            guard let comm = FileManager.default.contents(atPath: "/proc/\(pid)/task/\(task)/comm"), !comm.isEmpty else { continue }
            let name = String(decoding: comm, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command's closing parenthesis: state is field 3, nice field 19.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            nice.append((name, Int(fields[16]) ?? -99))
        }
        let queryThreads = nice.filter { $0.name.hasPrefix("okrd-query") }
        #expect(queryThreads.count >= 2, "threads and their nice values: \(nice)")
        #expect(queryThreads.allSatisfy { $0.nice == Int(QueryExecutor.niceness) }, "\(nice)")
        // The writer, the event loops and the rest keep the daemon's own priority (or a higher
        // one libdispatch gave a thread): none is ranked with or below the queries.
        #expect(nice.filter { !$0.name.hasPrefix("okrd-query") }.allSatisfy { $0.nice <= 0 }, "\(nice)")
    }
}
