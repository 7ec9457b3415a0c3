import Foundation
import OKRTestSupport
import OKREvents
import Synchronization
import Testing
@testable import OKRProjections

/// The daemon's model remembers the sums of whole days between queries. Interleaving queries
/// with every kind of later observation (the same day, a later day, a back-fill into a
/// remembered day, one recorded after the perspective's knowledge) must never let a remembered
/// sum answer for days that changed: after every append the model answers bit for bit as a
/// model folded afresh in memory.
@Suite struct HistoryMemoTests {
    static let day: Int64 = 86_400_000_000

    @Test func rememberedSumsNeverOutliveAChangeToTheirDays() async throws {
        var random = MetricHistoryTests.Random(state: 77)
        let directory = TemporaryDirectory()
        let clock = Mutex(instant("2026-01-01"))
        let log = try EventLog(directory: directory.path, clock: { clock.withLock { $0 } })
        defer { log.close() }
        var indexed = OKRModel(source: MetricHistoryTests.IndexSource(log: log))
        let origin = instant("2026-01-01").microsecondsSinceEpoch
        var today: Int64 = 3

        for step in 0..<160 {
            // Time moves on a day now and then; observations land today, on a later day, or back-filled.
            if random.below(6) == 0 { today += 1 }
            let now = Instant(microsecondsSinceEpoch: origin + today * Self.day + Int64(random.below(86_400)) * 1_000_000)
            clock.withLock { $0 = now }
            let dayOffset: Int64 = switch random.below(4) {
            case 0: Int64(random.below(Int(today)))  // a back-fill
            default: today
            }
            let effective = Instant(microsecondsSinceEpoch: min(origin + dayOffset * Self.day + Int64(random.below(86_400)) * 1_000_000,
                                                                now.microsecondsSinceEpoch))
            let metric = random.below(3) == 0 ? "other" : "m"
            _ = try await log.append(NewEvent(MetricObserved(metric: metric, value: Double(random.below(200))), effectiveAt: effective,
                                              actor: "cron"))
            for event in try log.events(from: indexed.lastSeq + 1, limit: 100) { indexed.fold(event) }
            let fresh = OKRModel(try log.events(limit: 10_000))

            // The queries status makes: the cycle so far, as of now and as of an earlier day, known now and earlier.
            let perspectives = [
                Perspective(at: now),
                Perspective(asOf: Instant(microsecondsSinceEpoch: origin + Int64(random.below(Int(today) + 1)) * Self.day), knownAt: now),
                Perspective(asOf: now, knownAt: Instant(microsecondsSinceEpoch: now.microsecondsSinceEpoch - Int64(random.below(3)) * Self.day)),
            ]
            let start = Instant(microsecondsSinceEpoch: origin)
            let end = Instant(microsecondsSinceEpoch: origin + 90 * Self.day)
            for perspective in perspectives {
                for threshold in [nil, (target: 100.0, atMost: false)] as [(target: Double, atMost: Bool)?] {
                    let got = indexed.observationSummary(of: "m", perspective, from: start, through: end, threshold: threshold)
                    let want = fresh.observationSummary(of: "m", perspective, from: start, through: end, threshold: threshold)
                    #expect(got.moments == want.moments && got.held == want.held, "step \(step), \(perspective)")
                }
                #expect(indexed.latestObservation(of: "m", perspective, through: end)
                        == fresh.latestObservation(of: "m", perspective, through: end), "step \(step)")
            }
        }
        let hits = indexed.memo?.hits ?? 0
        #expect(hits > 100, "many queries were answered from remembered sums (\(hits))")
    }
}
