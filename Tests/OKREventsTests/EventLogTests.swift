import Foundation
import OKRTestSupport
import Testing
@testable import OKREvents

/// The event log against a real LMDB environment in a temporary directory.
@Suite struct EventLogTests {
    static func observation(_ metric: String, _ value: Double, at: String? = nil, key: String? = nil) -> NewEvent {
        NewEvent(MetricObserved(metric: metric, value: value, source: "test", key: key),
                 effectiveAt: at.flatMap { Instant(rfc3339: $0) }, actor: "cron", idempotencyKey: key)
    }

    @Test func appendedEventsReadBackInSeqOrderWithTheirEnvelope() async throws {
        let directory = TemporaryDirectory()
        let clock = Instant(rfc3339: "2026-01-10T12:00:00Z")!
        let log = try EventLog(directory: directory.path, clock: { clock })
        let batch = SampleEvents.payloads.map { NewEvent($0, actor: "alice") }
            + [Self.observation("signups", 42, at: "2026-01-02")]
        let outcomes = try await log.append(batch)
        #expect(outcomes.map(\.seq) == Array(1...UInt64(batch.count)))
        #expect(outcomes.allSatisfy { !$0.duplicate })
        #expect(log.lastSeq == UInt64(batch.count))

        let events = try log.events(from: 1, limit: 1000)
        #expect(events.map(\.payload) == batch.map(\.payload))
        #expect(events.map(\.id) == outcomes.map(\.id))
        #expect(events.allSatisfy { $0.recordedAt == clock && $0.actor == (batch[Int($0.seq) - 1].actor) })
        #expect(events[0].effectiveAt == clock, "effectiveAt defaults to recordedAt")
        #expect(events.last?.effectiveAt == Instant(rfc3339: "2026-01-02"), "a back-dated event keeps its time")
        #expect(try log.events(from: 5, limit: 2).map(\.seq) == [5, 6])
    }

    @Test func aReopenedLogFindsEverySeqAndContinuesGapFree() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try EventLog(directory: directory.path)
            for value in 0..<10 { _ = try await log.append(Self.observation("m", Double(value))) }
            log.close()
        }
        let log = try EventLog(directory: directory.path)
        #expect(log.lastSeq == 10)
        #expect(try log.events(limit: 100).map(\.seq) == Array(1...10))
        let next = try await log.append(Self.observation("m", 10))
        #expect(next.seq == 11)
        #expect(try log.verify().isHealthy)
    }

    @Test func aRetryWithTheSameIdempotencyKeyAppendsNothing() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        let first = try await log.append(Self.observation("signups", 42, key: "signups-2026-01-05"))
        let retry = try await log.append(Self.observation("signups", 42, key: "signups-2026-01-05"))
        #expect(retry.seq == first.seq)
        #expect(retry.id == first.id)
        #expect(retry.duplicate)
        #expect(log.lastSeq == 1)
        log.close()

        let reopened = try EventLog(directory: directory.path)
        let afterRestart = try await reopened.append(Self.observation("signups", 42, key: "signups-2026-01-05"))
        #expect(afterRestart.seq == first.seq && afterRestart.duplicate, "keys survive a restart")
        #expect(reopened.lastSeq == 1)
    }

    @Test func aReusedKeyWithDifferentContentIsAConflictAndTheBatchAppendsNothing() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        _ = try await log.append(Self.observation("signups", 42, key: "k1"))
        let error = await #expect(throws: EventLogError.self) {
            try await log.append([Self.observation("other", 1), Self.observation("signups", 43, key: "k1")])
        }
        #expect(error?.kind == .idempotencyConflict)
        #expect(error?.seq == 1)
        #expect(error?.message.contains("'k1'") == true)
        #expect(log.lastSeq == 1)
        #expect(try log.observations(of: "other").isEmpty)

        let backDated = await #expect(throws: EventLogError.self) {
            try await log.append(Self.observation("signups", 42, at: "2026-01-01", key: "k1"))
        }
        #expect(backDated?.kind == .idempotencyConflict, "the same value at another time is different content")
    }

    @Test func refusedRequestsInARoundLeaveTheOthersCommittedGapFree() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        defer { log.close() }
        _ = try await log.append(Self.observation("m", 1, key: "k"))
        let results = await withTaskGroup(of: (Int, Result<[AppendOutcome], EventLogError>).self) { group in
            for index in 0..<60 {
                group.addTask {
                    let event = switch index % 4 {
                    case 0: Self.observation(String(repeating: "x", count: 600), 1)  // cannot be indexed
                    case 1: Self.observation("m", 2, key: "k")  // conflicts with the first
                    default: Self.observation("m", Double(index), at: "2026-01-0\(1 + index % 3)")
                    }
                    do throws(EventLogError) {
                        return (index, .success(try await log.append([event])))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for (index, result) in results {
            switch (index % 4, result) {
            case (0, .failure(let error)): #expect(error.kind == .invalidEvent)
            case (1, .failure(let error)): #expect(error.kind == .idempotencyConflict)
            case (2...3, .success): break
            default: Issue.record("request \(index): \(result)")
            }
        }
        #expect(log.lastSeq == 31, "the first event and the 30 accepted ones")
        #expect(try log.events(limit: 100).map(\.seq) == Array(1...31))
        let report = try log.verify()
        #expect(report.isHealthy, "\(report.problems)")
        #expect(try log.days(of: "m").reduce(0) { $0 + Int($1.moments.count) } == 31)
    }

    @Test func aKeyRepeatedInsideOneBatchIsStoredOnce() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        let outcomes = try await log.append([Self.observation("m", 1, key: "a"), Self.observation("m", 1, key: "a")])
        #expect(outcomes.map(\.seq) == [1, 1])
        #expect(outcomes.map(\.duplicate) == [false, true])
        #expect(log.lastSeq == 1)
    }

    @Test func keysAreCheckedInKeyOrderButSeqsFollowTheRequest() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        _ = try await log.append([Self.observation("m", 2, key: "k2")])
        let outcomes = try await log.append([
            Self.observation("m", 3, key: "k3"), Self.observation("m", 2, key: "k2"), Self.observation("n", 1, key: "k1"),
            Self.observation("m", 3, key: "k3"), Self.observation("z", 0), Self.observation("m", 2, key: "k2"),
        ])
        #expect(outcomes.map(\.seq) == [2, 1, 3, 2, 4, 1])
        #expect(outcomes.map(\.duplicate) == [false, true, false, true, false, true])
        #expect(outcomes[3].id == outcomes[0].id)
        await #expect(throws: EventLogError.self) {
            try await log.append([Self.observation("q", 1, key: "k9"), Self.observation("q", 2, key: "k9")])
        }
        #expect(log.lastSeq == 4, "a key used twice in one request with different content appends nothing")
        #expect(try log.events(limit: 10).map(\.seq) == [1, 2, 3, 4])
        let report = try log.verify()
        #expect(report.isHealthy, "\(report.problems)")
    }

    @Test func aTinyMapGrowsUnderALargeBatch() async throws {
        let directory = TemporaryDirectory()
        var options = EventLogOptions()
        options.initialMapSize = 64 << 10
        let log = try EventLog(directory: directory.path, options: options)
        let batch = (0..<20_000).map { Self.observation("metric.\($0 % 50)", Double($0)) }
        let outcomes = try await log.append(batch)
        #expect(outcomes.count == 20_000)
        #expect(log.lastSeq == 20_000)
        #expect(log.mapSize > 64 << 10)
        let report = try log.verify()
        #expect(report.isHealthy)
        #expect(report.events == 20_000)
        #expect(report.indexEntries == 20_000)
    }

    @Test func aFullMapAtItsMaximumRefusesWithStorageFullAndKeepsServingReads() async throws {
        let directory = TemporaryDirectory()
        var options = EventLogOptions()
        options.initialMapSize = 256 << 10
        options.maxMapSize = 256 << 10
        let log = try EventLog(directory: directory.path, options: options)
        _ = try await log.append(Self.observation("m", 1))
        let error = await #expect(throws: EventLogError.self) {
            try await log.append((0..<10_000).map { Self.observation("m", Double($0)) })
        }
        #expect(error?.kind == .storageFull)
        #expect(log.lastSeq == 1)
        #expect(try log.events(limit: 10).count == 1)
        #expect(try await log.append(Self.observation("m", 2)).seq == 2, "small appends still fit")
    }

    @Test func concurrentAppendersGetUniqueGapFreeSeqs() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        let seqs = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for writer in 0..<32 {
                group.addTask {
                    var mine: [UInt64] = []
                    for index in 0..<25 {
                        mine.append(try await log.append(Self.observation("w\(writer)", Double(index), key: "w\(writer)-\(index)")).seq)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(seqs.sorted() == Array(1...800))
        #expect(try log.verify().isHealthy)
    }

    @Test func theMetricIndexAnswersRangesInEffectiveTimeOrder() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        _ = try await log.append([
            Self.observation("nps", 30, at: "2026-01-10"),
            Self.observation("nps", 35, at: "2026-01-20"),
            Self.observation("nps.other", 99, at: "2026-01-15"),
            Self.observation("nps", 31, at: "2026-01-05"),  // back-dated
            Self.observation("nps", 32, at: "2026-01-10"),  // tie with seq 1
        ])
        let all = try log.observations(of: "nps")
        #expect(all.map(\.value) == [31, 30, 32, 35])
        #expect(all.map(\.seq) == [4, 1, 5, 2])
        let january = try log.observations(of: "nps", from: Instant(rfc3339: "2026-01-10")!, through: Instant(rfc3339: "2026-01-19")!)
        #expect(january.map(\.value) == [30, 32])
        #expect(try log.observations(of: "np").isEmpty, "a prefix of a metric name is another metric")
    }

    @Test func scansGoInBoundedChunks() async throws {
        let directory = TemporaryDirectory()
        var options = EventLogOptions()
        options.readChunkSize = 7
        let log = try EventLog(directory: directory.path, options: options)
        _ = try await log.append((0..<100).map { Self.observation("m", Double($0)) })
        var seen: [UInt64] = []
        try log.forEachEvent(from: 3) { seen.append($0.seq) }
        #expect(seen == Array(3...100))
        #expect(try log.verify().events == 100)
    }

    @Test func aFlippedByteInTheDataFileIsCaughtByVerifyWithItsSeq() async throws {
        let directory = TemporaryDirectory()
        do {
            let log = try EventLog(directory: directory.path)
            _ = try await log.append((0..<20).map { Self.observation("m", Double($0)) })
            _ = try await log.append(NewEvent(CheckInRecorded(kr: "KR-1", confidence: 6, note: "MARKER-FLIP-ME"), actor: "alice"))
            _ = try await log.append((0..<20).map { Self.observation("m", Double($0)) })
            #expect(try log.verify().isHealthy)
            #expect(try log.firstDamage() == nil)
            log.close()
        }
        let dataFile = directory.appending("data.mdb")
        var data = try Data(contentsOf: URL(fileURLWithPath: dataFile))
        var flipped = 0
        var searchStart = data.startIndex
        while let range = data.range(of: Data("MARKER-FLIP-ME".utf8), in: searchStart..<data.endIndex) {
            data[range.lowerBound + 7] ^= 0x01
            flipped += 1
            searchStart = range.upperBound
        }
        #expect(flipped >= 1)
        try data.write(to: URL(fileURLWithPath: dataFile))

        let log = try EventLog(directory: directory.path)
        let report = try log.verify()
        #expect(!report.isHealthy)
        #expect(report.firstBadSeq == 21)
        #expect(report.problems.first?.message.contains("checksum") == true)
        #expect(report.events == 41)
        let readError = #expect(throws: EventLogError.self) { try log.events(from: 1, limit: 100) }
        #expect(readError?.kind == .corrupt)
        #expect(readError?.seq == 21)
        let damage = try log.firstDamage()
        #expect(damage?.seq == 21)
        #expect(damage?.reason.contains("checksum mismatch") == true)
        var before: [UInt64] = []
        try log.forEachEvent(through: 20) { before.append($0.seq) }
        #expect(before == Array(1...20), "the events before the damage stay readable")

        log.refuseAppends(EventLogError(.corrupt, "damaged at seq 21", seq: 21))
        let refused = await #expect(throws: EventLogError.self) { try await log.append(Self.observation("m", 1)) }
        #expect(refused?.message == "damaged at seq 21")
        #expect(log.lastSeq == 41, "nothing appended")
    }

    @Test func aHotBackupOpensAndVerifies() async throws {
        let directory = TemporaryDirectory()
        let destination = TemporaryDirectory("okr-backup")
        let log = try EventLog(directory: directory.path)
        _ = try await log.append(SampleEvents.payloads.map { NewEvent($0, actor: "alice") })
        let writing = Task { for index in 0..<50 { _ = try await log.append(Self.observation("during", Double(index))) } }
        let report = try log.backup(to: destination.appending("copy"))
        try await writing.value
        #expect(report.isHealthy)
        #expect(report.events >= SampleEvents.payloads.count)

        var readOnly = EventLogOptions()
        readOnly.readOnly = true
        let copy = try EventLog(directory: destination.appending("copy"), options: readOnly)
        let copied = try copy.events(limit: 1000)
        #expect(Array(copied.prefix(SampleEvents.payloads.count).map(\.payload)) == SampleEvents.payloads)
        #expect(copied.map(\.seq) == Array(1...UInt64(copied.count)))

        let again = #expect(throws: EventLogError.self) { try log.backup(to: destination.appending("copy")) }
        #expect(again?.message.contains("already holds") == true)
    }

    @Test func aSecondWriterOnTheSameDataIsRefused() throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        let error = #expect(throws: EventLogError.self) { try EventLog(directory: directory.path) }
        #expect(error?.kind == .locked)
        log.close()
    }

    @Test func aClosedLogRefusesAppendsAndReads() async throws {
        let directory = TemporaryDirectory()
        let log = try EventLog(directory: directory.path)
        log.close()
        let append = await #expect(throws: EventLogError.self) { try await log.append(Self.observation("m", 1)) }
        #expect(append?.kind == .closed)
        let read = #expect(throws: EventLogError.self) { try log.events(limit: 1) }
        #expect(read?.kind == .closed)
    }
}
