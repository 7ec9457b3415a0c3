import Foundation
import OKRTestSupport
import Testing
@testable import OKREvents

/// A batch that identifies rows by content (what `okrctl observe --file` sends) must never append
/// the same observation twice — wherever the first one is: in `metric-time`, in the index
/// backlog, earlier in the round or earlier in the batch, appended by content or under a key
/// derived by an older okrctl — and must append everything that is new.
@Suite struct ContentIdentityTests {
    static let start = Instant(rfc3339: "2026-01-01T00:00:00Z")!

    /// Rows in time order over `metrics` metrics, one a second from `first`.
    static func rows(_ range: Range<Int>, metrics: Int = 7, derivedKeys: Bool = false) -> ObservationBatch {
        var batch = ObservationBatch(actor: "import")
        for n in range {
            let at = start.adding(seconds: Double(n))
            let metric = "m\(n % metrics)"
            let key = derivedKeys ? "\(metric)@\(at.rfc3339)=\(n)" : nil
            batch.add(metric: metric, value: Double(n), at: at, source: nil, key: key)
        }
        batch.identifiesByContent = !derivedKeys
        return batch
    }

    static func log(_ directory: TemporaryDirectory, indexLag: Int) throws -> EventLog {
        var options = EventLogOptions()
        options.indexLag = indexLag
        return try EventLog(directory: directory.path, options: options)
    }

    @Test(arguments: [0, 100_000])
    func aFileSentAgainAppendsNothingAndAnswersWithTheOriginalSeqs(indexLag: Int) async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: indexLag)
        let first = try await log.append(Self.rows(0..<500))
        #expect(first.allSatisfy { !$0.duplicate })
        #expect(log.lastSeq == 500)

        let again = try await log.append(Self.rows(0..<500))
        #expect(again.allSatisfy { $0.duplicate })
        #expect(again.map(\.seq) == first.map(\.seq))
        #expect(again.map(\.id) == first.map(\.id))
        #expect(log.lastSeq == 500, "nothing appended")

        // Overlapping: the old half is recognised, the new half appended.
        let overlap = try await log.append(Self.rows(250..<750))
        #expect(overlap.prefix(250).map(\.seq) == Array(first[250...].map(\.seq)))
        #expect(overlap.dropFirst(250).allSatisfy { !$0.duplicate })
        #expect(log.lastSeq == 750)
        #expect(try log.verify().isHealthy)
    }

    @Test(arguments: [0, 100_000])
    func aRestartedLogStillRecognisesWhatItHolds(indexLag: Int) async throws {
        let directory = TemporaryDirectory()
        var first: [AppendOutcome] = []
        do {
            let log = try Self.log(directory, indexLag: indexLag)
            first = try await log.append(Self.rows(0..<300))
            log.close()
        }
        let reopened = try Self.log(directory, indexLag: indexLag)
        let again = try await reopened.append(Self.rows(0..<300))
        #expect(again.map(\.seq) == first.map(\.seq) && again.allSatisfy { $0.duplicate })
        #expect(reopened.lastSeq == 300)
    }

    @Test func rowsRepeatedInsideOneBatchAreAppendedOnceAndOtherValuesAtTheSameTimeAreKept() async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: 100_000)
        var batch = ObservationBatch(actor: "import")
        batch.identifiesByContent = true
        let at = Self.start
        batch.add(metric: "m", value: 1, at: at, source: nil, key: nil)
        batch.add(metric: "m", value: 2, at: at, source: nil, key: nil)  // a second value at the same time: kept
        batch.add(metric: "m", value: 1, at: at, source: nil, key: nil)  // the first row again
        batch.add(metric: "n", value: 1, at: at, source: nil, key: nil)  // another metric: kept
        batch.add(metric: "m", value: 1, at: nil, source: nil, key: nil)  // no time: observed now, always kept
        let outcomes = try await log.append(batch)
        #expect(outcomes.map(\.duplicate) == [false, false, true, false, false])
        #expect(outcomes[2].seq == outcomes[0].seq)
        #expect(log.lastSeq == 4)
    }

    /// A back-fill sorted by day, then by metric, with each metric's hours in a cycling order
    /// (figure 1b's file), and one metric sent backwards, each row twice: appended once each,
    /// and the whole again appends nothing. The backwards metric passes the 32 rows after which
    /// a metric's earlier rows are looked up by time.
    @Test(arguments: [0, 100_000])
    func aBackFillOutOfTimeOrderIsAppendedOnceAndAgainNotAtAll(indexLag: Int) async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: indexLag)
        func backFill() -> ObservationBatch {
            var batch = ObservationBatch(actor: "import")
            batch.identifiesByContent = true
            for day in 0..<3 {
                for metric in 0..<5 {
                    for k in 0..<24 {
                        let hour = (k * 7 + metric + day) % 24
                        batch.add(metric: "m\(metric)", value: Double(day * 24 + hour), at: Self.start.adding(seconds: Double(day * 86_400 + hour * 3600)),
                                  source: nil, key: nil)
                    }
                }
            }
            for n in (0..<100).reversed() {
                for _ in 0..<2 {
                    batch.add(metric: "back", value: Double(n), at: Self.start.adding(seconds: Double(n)), source: nil, key: nil)
                }
            }
            return batch
        }
        let expected: Int = 3 * 5 * 24 + 100
        let first = try await log.append(backFill())
        let appended: Int = first.filter { !$0.duplicate }.count
        #expect(appended == expected)
        let copies: [Bool] = first.suffix(200).map(\.duplicate)
        #expect(copies == (0..<200).map { $0 % 2 == 1 }, "each second copy repeats the first")
        #expect(log.lastSeq == UInt64(expected))
        let again = try await log.append(backFill())
        #expect(again.allSatisfy { $0.duplicate })
        #expect(log.lastSeq == UInt64(expected))
    }

    @Test(arguments: [0, 100_000])
    func anOldRowSentBackIsFoundDeepInTheIndexAndANewValueForItIsAppended(indexLag: Int) async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: indexLag)
        let first = try await log.append(Self.rows(0..<2_000))
        var backfill = ObservationBatch(actor: "import")
        backfill.identifiesByContent = true
        backfill.add(metric: "m3", value: 10, at: Self.start.adding(seconds: 10), source: nil, key: nil)  // row 10 again
        backfill.add(metric: "m3", value: 11, at: Self.start.adding(seconds: 10), source: nil, key: nil)  // corrected value
        backfill.add(metric: "m3", value: 5, at: Self.start.adding(seconds: 5), source: nil, key: nil)  // never observed
        let outcomes = try await log.append(backfill)
        #expect(outcomes.map(\.duplicate) == [true, false, false])
        #expect(outcomes[0].seq == first[10].seq)
        #expect(log.lastSeq == 2_002)
    }

    @Test func observationsAppendedUnderDerivedKeysAreFoundByContent() async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: 100)
        let keyed = try await log.append(Self.rows(0..<400, derivedKeys: true))
        let byContent = try await log.append(Self.rows(0..<400))
        #expect(byContent.allSatisfy { $0.duplicate })
        #expect(byContent.map(\.seq) == keyed.map(\.seq))
        #expect(log.lastSeq == 400)
    }

    @Test func withoutContentIdentityTheSameRowsAreAppendedAgain() async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: 100_000)
        _ = try await log.append(Self.rows(0..<10))
        var plain = Self.rows(0..<10)
        plain.identifiesByContent = false
        let outcomes = try await log.append(plain)
        #expect(outcomes.allSatisfy { !$0.duplicate })
        #expect(log.lastSeq == 20)
    }

    @Test func batchesCommittedInOneRoundRecogniseEachOther() async throws {
        let directory = TemporaryDirectory()
        let log = try Self.log(directory, indexLag: 100_000)
        // Submitted back to back without waiting: the writer takes them into one round when it
        // can; either way the second appends nothing.
        async let first = log.append(Self.rows(0..<1_000))
        async let second = log.append(Self.rows(0..<1_000))
        let (a, b) = try await (first, second)
        let (earlier, later) = a.allSatisfy { !$0.duplicate } ? (a, b) : (b, a)
        #expect(later.allSatisfy { $0.duplicate })
        #expect(later.map(\.seq) == earlier.map(\.seq))
        #expect(log.lastSeq == 1_000)
    }
}
