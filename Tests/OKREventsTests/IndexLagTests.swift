import Foundation
import OKRTestSupport
import Synchronization
import Testing
@testable import OKREvents

/// The per-metric indexes lag the log: entries wait in the backlog, readers see them at once, a
/// close writes them, an open after a crash indexes what was held again, and `verify` checks them
/// while appends go on.
@Suite struct IndexLagTests {
    static func options(indexLag: Int, readOnly: Bool = false) -> EventLogOptions {
        var options = EventLogOptions()
        options.indexLag = indexLag
        options.readOnly = readOnly
        return options
    }

    /// 400 observations of 4 metrics over 8 days, 20 requests of 20, with back-fills.
    static func requests() -> [[NewEvent]] {
        (0..<20).map { request in
            (0..<20).map { index in
                let n = request * 20 + index
                return EventLogTests.observation("m\(n % 4)", Double(n % 37), at: "2026-01-0\(1 + (n / 4 * 3) % 8)T\(10 + n % 12):00:00Z")
            }
        }
    }

    static func storedIndexedThrough(_ log: EventLog) throws -> UInt64? {
        try log.environment.read { try MetricIndex.indexedThrough(in: $0, log.databases.meta) }
    }

    static func indexes(of log: EventLog) throws -> [[String]] {
        try (0..<4).map { metric in
            try log.observations(of: "m\(metric)").map { "\($0.seq) \($0.effectiveAt) \($0.value)" }
                + log.days(of: "m\(metric)").map { "\($0)" }
        }
    }

    @Test func heldEntriesReadTheSameAsWrittenOnes() async throws {
        let (eager, lagging) = (TemporaryDirectory(), TemporaryDirectory())
        let clock: @Sendable () -> Instant = { Instant(rfc3339: "2026-02-01")! }
        let written = try EventLog(directory: eager.path, options: Self.options(indexLag: 0), clock: clock)
        let held = try EventLog(directory: lagging.path, options: Self.options(indexLag: 10_000), clock: clock)
        defer { written.close(); held.close() }
        for request in Self.requests() {
            _ = try await written.append(request)
            _ = try await held.append(request)
        }
        #expect(try Self.storedIndexedThrough(written) == 400)
        #expect(try Self.storedIndexedThrough(held) == 0, "nothing written yet")
        #expect(held.metricIndex.heldCount == 400)
        let answers = try Self.indexes(of: written)
        #expect(try Self.indexes(of: held) == answers)
        #expect(answers.map(\.count).reduce(0, +) == 400 + 32)
        #expect(try held.observations(of: "m1", from: Instant(rfc3339: "2026-01-03")!, through: Instant(rfc3339: "2026-01-04T12:00:00Z")!)
            == written.observations(of: "m1", from: Instant(rfc3339: "2026-01-03")!, through: Instant(rfc3339: "2026-01-04T12:00:00Z")!))
        #expect(try held.days(of: "m2", limit: 3, descending: true) == written.days(of: "m2", limit: 3, descending: true))
        let report = try held.verify()
        #expect(report.isHealthy, "\(report.problems)")
        #expect(report.indexEntries == 400 && report.daySummaries == 32)
    }

    @Test func aRoundWritesTheBacklogOnceItHoldsTheLag() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path, options: Self.options(indexLag: 100))
        defer { log.close() }
        var writtenThrough: [UInt64] = []
        for request in Self.requests() {
            _ = try await log.append(request)
            writtenThrough.append(try Self.storedIndexedThrough(log) ?? 0)
        }
        // 20 a request: the sixth round finds 100 held and writes them with its own 20, and so on.
        #expect(writtenThrough == [0, 0, 0, 0, 0, 120, 120, 120, 120, 120, 120, 240, 240, 240, 240, 240, 240, 360, 360, 360])
        #expect(log.metricIndex.heldCount == 40)
        #expect(try log.verify().isHealthy)
    }

    @Test func aCloseWritesTheBacklog() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try EventLog(directory: directory.path, options: Self.options(indexLag: 10_000))
            for request in Self.requests() { _ = try await log.append(request) }
            log.close()
        }
        let reopened = try EventLog(directory: directory.path, options: Self.options(indexLag: 10_000, readOnly: true))
        defer { reopened.close() }
        #expect(try Self.storedIndexedThrough(reopened) == 400)
        #expect(reopened.metricIndex.held.isEmpty)
        #expect(try reopened.verify().isHealthy)
    }

    /// What a crash leaves: the data file as the last commit left it, the backlog gone.
    @Test func anOpenAfterACrashIndexesWhatWasHeld() async throws {
        let (directory, crashed) = (TemporaryDirectory(), TemporaryDirectory())
        let log = try EventLog(directory: directory.path, options: Self.options(indexLag: 150))
        for request in Self.requests() { _ = try await log.append(request) }
        let expected = try Self.indexes(of: log)
        // Every commit is synchronous and nothing is writing: the file is what a kill would leave.
        try FileManager.default.copyItem(atPath: directory.path + "/data.mdb", toPath: crashed.path + "/data.mdb")
        log.close()

        let readOnly = try EventLog(directory: crashed.path, options: Self.options(indexLag: 150, readOnly: true))
        #expect(try Self.storedIndexedThrough(readOnly) == 360)
        #expect(readOnly.metricIndex.heldCount == 40)
        #expect(try Self.indexes(of: readOnly) == expected)
        #expect(try readOnly.verify().isHealthy)
        readOnly.close()

        let reopened = try EventLog(directory: crashed.path, options: Self.options(indexLag: 150))
        #expect(try Self.indexes(of: reopened) == expected)
        _ = try await reopened.append(EventLogTests.observation("m0", 1, at: "2026-01-02T00:00:00Z"))
        reopened.close()
        let final = try EventLog(directory: crashed.path, options: Self.options(indexLag: 150, readOnly: true))
        defer { final.close() }
        #expect(try Self.storedIndexedThrough(final) == 401)
        let report = try final.verify()
        #expect(report.isHealthy && report.indexEntries == 401, "\(report.problems)")
    }

    @Test func verifyStaysTrueWhileAppendsGoOn() async throws {
        let directory = TemporaryDirectory()
        var options = Self.options(indexLag: 64)
        options.readChunkSize = 64  // many transactions per verify, so that appends land between them
        let log = try EventLog(directory: directory.path, options: options)
        defer { log.close() }
        for request in Self.requests() { _ = try await log.append(request) }
        let stop = StopFlag()
        let appended = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    var count = 0
                    while !stop.value.load(ordering: .relaxed) {
                        // The same metrics and days the verify is folding.
                        _ = try await log.append(EventLogTests.observation("m\(writer)", Double(count), at: "2026-01-0\(1 + count % 8)T09:00:00Z"))
                        count += 1
                        stop.appended.add(1, ordering: .relaxed)
                    }
                    return count
                }
            }
            // At least 20 checks, and until 200 appends have landed among them (or a minute).
            var checks = 0
            let deadline = ContinuousClock.now + .seconds(60)
            while checks < 20 || (stop.appended.load(ordering: .relaxed) < 200 && ContinuousClock.now < deadline) {
                let report = try log.verify()
                #expect(report.isHealthy, "\(report.problems.prefix(3))")
                checks += 1
                // verify holds this cooperative thread; under a busy test pool the writers
                // would otherwise wait for it, and the minute would pass with few appends.
                try await Task.sleep(for: .milliseconds(2))
            }
            stop.value.store(true, ordering: .relaxed)
            return try await group.reduce(0, +)
        }
        #expect(appended >= 200)
        let report = try log.verify()
        #expect(report.isHealthy && report.indexEntries == 400 + appended, "\(report.problems.prefix(3))")
    }

    @Test func aFormatTwoLogIsReadAsWhollyIndexedAndUpgradedWhenWritten() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try EventLog(directory: directory.path, options: Self.options(indexLag: 0))
            for request in Self.requests() { _ = try await log.append(request) }
            try log.environment.write { transaction in
                _ = try StorageKeys.indexedThroughKey.withUnsafeBytes { try transaction.delete(log.databases.meta, $0) }
                var format = ByteWriter()
                format.write(UInt32(2))
                try StorageKeys.formatKey.withUnsafeBytes { key in
                    try format.bytes.withUnsafeBytes { try transaction.put(log.databases.meta, key, $0) }
                }
            }
            log.close()
        }
        let readOnly = try EventLog(directory: directory.path, options: Self.options(indexLag: 0, readOnly: true))
        #expect(readOnly.metricIndex.held.isEmpty)
        #expect(try readOnly.verify().isHealthy)
        readOnly.close()
        let upgraded = try EventLog(directory: directory.path)
        defer { upgraded.close() }
        #expect(try Self.storedIndexedThrough(upgraded) == 400)
    }
}

/// A flag the test sets and its writer tasks read.
private final class StopFlag: Sendable {
    let value = Atomic(false)
    let appended = Atomic(0)
}
