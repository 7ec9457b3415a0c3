import Foundation
import OKRTestSupport
import Synchronization
import Testing
@testable import OKREvents

/// An ``ObservationBatch`` is appended by its own path in the writer: it must store, index,
/// deduplicate and refuse exactly as appending the events it describes does.
@Suite struct ObservationBatchTests {
    /// Rows with and without a time, a source and a key, a repeated key, a back-fill, and a
    /// metric longer than a small string.
    static func sampleBatch() -> ObservationBatch {
        var batch = ObservationBatch(actor: "cron")
        for n in 0..<300 {
            let at: Instant? = n % 5 == 0 ? nil : Instant(rfc3339: "2026-01-0\(1 + n % 7)T\(10 + n % 12):00:00Z")
            let metric = n % 3 == 0 ? "a.metric.whose.key.is.longer.than.fifteen.bytes" : "m\(n % 4)"
            let key: String? = n % 2 == 0 ? "key-\(n)" : nil
            batch.add(metric: metric, value: Double(n) / 4, at: at, source: n % 4 == 0 ? "sheet" : nil, key: key)
        }
        batch.add(metric: "m0", value: 0, at: Instant(rfc3339: "2026-01-01T11:00:00Z"), source: nil, key: "key-0-again")
        batch.add(metric: "m0", value: 0, at: Instant(rfc3339: "2026-01-01T11:00:00Z"), source: nil, key: "key-0-again")
        return batch
    }

    static func events(of batch: ObservationBatch) -> [NewEvent] { (0..<batch.count).map { batch.event(at: $0) } }

    /// What two logs hold, but for what each append chooses itself (ids, recorded times).
    static func contents(of log: EventLog) throws -> [String] {
        let events = try log.events(from: 1, limit: 10_000).map { "\($0.seq) \($0.effectiveAt) \($0.actor) \($0.payload)" }
        let metrics = ["m0", "m1", "m2", "m3", "a.metric.whose.key.is.longer.than.fifteen.bytes"]
        let indexes = try metrics.flatMap { metric in
            try log.observations(of: metric).map { "\(metric) \($0.seq) \($0.effectiveAt) \($0.value)" }
                + log.days(of: metric).sorted { $0.day < $1.day }.map { "\(metric) \($0)" }
        }
        return events + indexes
    }

    @Test(arguments: [0, 100_000])
    func aBatchStoresAndIndexesWhatItsEventsWould(indexLag: Int) async throws {
        let clock = Instant(rfc3339: "2026-02-01T00:00:00Z")!
        var options = EventLogOptions()
        options.indexLag = indexLag
        let (viaEvents, viaBatch) = (TemporaryDirectory(), TemporaryDirectory())
        let eventLog = try EventLog(directory: viaEvents.path, options: options, clock: { clock })
        let batchLog = try EventLog(directory: viaBatch.path, options: options, clock: { clock })
        let batch = Self.sampleBatch()

        let expected = try await eventLog.append(Self.events(of: batch))
        let outcomes = try await batchLog.append(batch)
        #expect(outcomes.map(\.seq) == expected.map(\.seq))
        #expect(outcomes.map(\.duplicate) == expected.map(\.duplicate))
        #expect(outcomes.last?.duplicate == true && outcomes.last?.seq == outcomes[outcomes.count - 2].seq,
                "a key repeated inside the batch answers with the first row's seq")
        #expect(try Self.contents(of: batchLog) == Self.contents(of: eventLog))
        #expect(try batchLog.verify().isHealthy, "records carry valid checksums and the indexes match them")

        // Sent again, every keyed row is a duplicate of the stored event; the rest are appended.
        let again = try await batchLog.append(batch)
        let againExpected = try await eventLog.append(Self.events(of: batch))
        #expect(again.map(\.duplicate) == againExpected.map(\.duplicate))
        #expect(again.map(\.seq) == againExpected.map(\.seq))
        #expect(try Self.contents(of: batchLog) == Self.contents(of: eventLog))
    }

    @Test func aConflictingKeyRefusesTheWholeBatchAndAppendsNothing() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        var first = ObservationBatch(actor: "cron")
        first.add(metric: "m", value: 1, at: nil, source: nil, key: "k")
        _ = try await log.append(first)

        var clashesWithStored = ObservationBatch(actor: "cron")
        clashesWithStored.add(metric: "m", value: 5, at: nil, source: nil, key: "fresh")
        clashesWithStored.add(metric: "m", value: 2, at: nil, source: nil, key: "k")
        await #expect(throws: EventLogError.self) { try await log.append(clashesWithStored) }

        var clashesWithItself = ObservationBatch(actor: "cron")
        clashesWithItself.add(metric: "m", value: 3, at: nil, source: nil, key: "twice")
        clashesWithItself.add(metric: "m", value: 4, at: nil, source: nil, key: "twice")
        do {
            _ = try await log.append(clashesWithItself)
            Issue.record("a key used twice with different values was accepted")
        } catch {
            #expect(error.kind == .idempotencyConflict)
            #expect(error.message.contains("'twice'"))
        }
        #expect(log.lastSeq == 1)
        #expect(try log.observations(of: "m").map(\.value) == [1])
    }

    @Test func aMetricTheIndexCannotKeyIsRefusedBeforeTheTransaction() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        var batch = ObservationBatch(actor: "cron")
        batch.add(metric: "fine", value: 1, at: nil, source: nil, key: nil)
        batch.add(metric: "nul\u{0}inside", value: 1, at: nil, source: nil, key: nil)
        do {
            _ = try await log.append(batch)
            Issue.record("a metric with a NUL was accepted")
        } catch {
            #expect(error.kind == .invalidEvent)
        }
        #expect(log.lastSeq == 0)
    }

    @Test func onCommitSeesTheBatchAsTheEventsTheLogNowHolds() async throws {
        let directory = TemporaryDirectory()
        let seen = Mutex<[StoredEvent]>([])
        let folded = Mutex<[String]>([])
        let log = try EventLog(directory: directory.path, onCommit: { committed in
            seen.withLock { $0 += committed.events }
            committed.forEach(event: { event in folded.withLock { $0.append("event \(event.seq)") } },
                              observation: { row in folded.withLock { $0.append("\(row.seq) \(row.metric) \(row.value)") } })
        })
        _ = try await log.append([NewEvent(MetricObserved(metric: "single", value: 7), actor: "alice")])
        let batch = Self.sampleBatch()
        _ = try await log.append(batch)
        let stored = try log.events(from: 1, limit: 10_000)
        #expect(seen.withLock { $0 } == stored, "every appended row, once, in seq order, as stored")
        let expected = ["event 1"] + stored.dropFirst().map { event -> String in
            guard case .metricObserved(let data) = event.payload else { return "?" }
            return "\(event.seq) \(data.metric) \(data.value)"
        }
        #expect(folded.withLock { $0 } == expected)
    }
}
