import Foundation
import OKRTestSupport
import Synchronization
import Testing
@testable import OKREvents

/// The log's `metric-day` database: one summary per metric and UTC day, kept in the append
/// transaction, identical to a fold of the day's observations, rebuilt when an older log is
/// upgraded, and checked by `verify`.
@Suite struct MetricDayIndexTests {
    static func observe(_ metric: String, _ value: Double, at: String, key: String? = nil) -> NewEvent {
        EventLogTests.observation(metric, value, at: at, key: key)
    }

    /// The same days folded by hand from the log's events, in seq order.
    static func folded(_ log: EventLog, metric: String) throws -> [DaySummary] {
        var days: [Int64: DaySummary] = [:]
        for event in try log.events(limit: 100_000) {
            guard case .metricObserved(let data) = event.payload, data.metric == metric else { continue }
            let day = DaySummary.day(of: event.effectiveAt)
            if days[day] == nil {
                days[day] = DaySummary(value: data.value, effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: event.seq)
            } else {
                days[day]!.add(value: data.value, effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, seq: event.seq)
            }
        }
        return days.values.sorted { $0.day < $1.day }
    }

    /// A log with three metrics over five days, written in batches and one at a time, with
    /// back-fills into earlier days and a request refused in the middle of a round. With an
    /// `indexLag` of 0 the indexes are written at every commit (for tests that damage them);
    /// with 1,000 they stay in the backlog; with 25 they are written every few rounds.
    static func filledLog(_ directory: TemporaryDirectory, indexLag: Int = 0) async throws -> EventLog {
        var options = EventLogOptions()
        options.indexLag = indexLag
        let log = try EventLog(directory: directory.path, options: options, clock: { Instant(rfc3339: "2026-02-01")! })
        var batch: [NewEvent] = []
        for index in 0..<60 {
            let day = 1 + index % 5
            batch.append(observe(["a", "b", "a.b"][index % 3], Double(index), at: "2026-01-0\(day)T\(10 + index % 12):00:00Z"))
        }
        _ = try await log.append(Array(batch[0..<40]))
        for event in batch[40...] { _ = try await log.append(event) }
        _ = try await log.append(observe("a", -5, at: "2026-01-02T23:59:59Z", key: "late"))
        // A refused request (a reused key with another value) changes no day, in a round of its own or not.
        async let refused = log.append([observe("a", 1000, at: "2026-01-03"), observe("a", 7, at: "2026-01-02", key: "late")])
        async let accepted = log.append(observe("b", 3, at: "2026-01-04T00:00:00Z"))
        _ = try? await refused
        _ = try await accepted
        return log
    }

    @Test(arguments: [0, 25, 1000])
    func everyDaySummaryIsTheFoldOfThatDaysObservations(indexLag: Int) async throws {
        let directory = TemporaryDirectory()
        let log = try await Self.filledLog(directory, indexLag: indexLag)
        defer { log.close() }
        for metric in ["a", "b", "a.b"] {
            let stored = try log.days(of: metric)
            #expect(stored == (try Self.folded(log, metric: metric)), "\(metric)")
            #expect(stored.count == 5)
        }
        #expect(try log.days(of: "a").allSatisfy { $0.maxValue < 1000 }, "the refused request left no trace")
        #expect(try log.days(of: "nothing").isEmpty)
        let report = try log.verify()
        #expect(report.isHealthy, "\(report.problems)")
        #expect(report.daySummaries == 15)
    }

    @Test func aSummaryRoundTripsThroughItsStoredBytes() throws {
        var summary = DaySummary(value: 3.5, effectiveAt: Instant(rfc3339: "2026-01-02T10:00:00Z")!,
                                 recordedAt: Instant(rfc3339: "2026-01-03")!, seq: 7)
        summary.add(value: -1, effectiveAt: Instant(rfc3339: "2026-01-02T01:00:00Z")!, recordedAt: Instant(rfc3339: "2026-01-02")!, seq: 9)
        let bytes = summary.encoded()
        #expect(bytes.count == DaySummary.encodedSize)
        #expect(try bytes.withUnsafeBytes { try DaySummary(day: summary.day, encoded: $0) } == summary)
        #expect(throws: EventCodecError.self) { try bytes.dropLast().withUnsafeBytes { try DaySummary(day: summary.day, encoded: $0) } }
    }

    @Test(arguments: [0, 25, 1000])
    func rangesReadAscendingOrBackFromTheirEnd(indexLag: Int) async throws {
        let directory = TemporaryDirectory()
        let log = try await Self.filledLog(directory, indexLag: indexLag)
        defer { log.close() }
        let all = try log.days(of: "a")
        let first = all[0].day
        #expect(try log.days(of: "a", from: first + 1, through: first + 3).map(\.day) == [first + 1, first + 2, first + 3])
        #expect(try log.days(of: "a", through: first + 3, limit: 2, descending: true).map(\.day) == [first + 3, first + 2])
        #expect(try log.days(of: "a", limit: 1, descending: true).map(\.day) == [first + 4], "the latest day")
        #expect(try log.days(of: "a", through: first - 1, descending: true).isEmpty)
        // "a" is a prefix of "a.b": neither reads the other's days.
        #expect(try log.days(of: "a.b").count == 5)
        #expect(try log.days(of: "a", from: first + 5).isEmpty)
    }

    @Test func aLogFromBeforeTheDayIndexGetsItBuiltWhenOpened() async throws {
        let directory = TemporaryDirectory()
        var expected: [DaySummary] = []
        do {
            let log = try await Self.filledLog(directory)
            expected = try log.days(of: "a")
            // Make it a storage format 1 log: no day summaries, format 1 recorded.
            try log.environment.write { transaction in
                try transaction.empty(log.databases.metricDay)
                _ = try StorageKeys.indexedThroughKey.withUnsafeBytes { try transaction.delete(log.databases.meta, $0) }
                var format = ByteWriter()
                format.write(UInt32(1))
                try StorageKeys.formatKey.withUnsafeBytes { key in
                    try format.bytes.withUnsafeBytes { try transaction.put(log.databases.meta, key, $0) }
                }
            }
            #expect(try log.days(of: "a").isEmpty)
            log.close()
        }
        var readOnly = EventLogOptions()
        readOnly.readOnly = true
        let refused = #expect(throws: EventLogError.self) { try EventLog(directory: directory.path, options: readOnly) }
        #expect(refused?.message.contains("start okrd on it once to upgrade it") == true)

        let log = try EventLog(directory: directory.path)
        defer { log.close() }
        #expect(try log.days(of: "a") == expected)
        let report = try log.verify()
        #expect(report.isHealthy && report.daySummaries == 15, "\(report.problems)")
    }

    @Test func verifyNamesADaySummaryThatDisagreesWithItsObservations() async throws {
        let directory = TemporaryDirectory()
        let log = try await Self.filledLog(directory)
        defer { log.close() }
        var damaged = try log.days(of: "b")[2]
        damaged.add(value: 99, effectiveAt: damaged.lastAt, recordedAt: damaged.maxRecorded, seq: damaged.maxSeq)
        let key = StorageKeys.metricDayKey(metric: "b", day: damaged.day)
        let stray = StorageKeys.metricDayKey(metric: "ghost", day: damaged.day)
        try log.environment.write { transaction in
            let value = damaged.encoded()
            try key.withUnsafeBytes { key in try value.withUnsafeBytes { try transaction.put(log.databases.metricDay, key, $0) } }
            try stray.withUnsafeBytes { key in try value.withUnsafeBytes { try transaction.put(log.databases.metricDay, key, $0) } }
            _ = try StorageKeys.metricDayKey(metric: "a.b", day: damaged.day).withUnsafeBytes { key in
                try transaction.delete(log.databases.metricDay, key)
            }
        }
        let report = try log.verify()
        #expect(!report.isHealthy)
        #expect(report.firstBadSeq == nil, "the events themselves are sound")
        let day = CalendarDay(daysSinceEpoch: Int32(damaged.day))
        let messages = report.problems.map(\.message)
        #expect(messages.contains("the day summary of b on \(day) does not match its observations"))
        #expect(messages.contains("a day summary of ghost on \(day) has no observations in the log"))
        #expect(messages.contains("observations of a.b on \(day) have no day summary"))
    }
}
