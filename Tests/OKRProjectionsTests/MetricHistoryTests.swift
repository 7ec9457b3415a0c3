import Foundation
import OKRTestSupport
import OKREvents
import Synchronization
import Testing
@testable import OKRProjections

/// The per-day summaries answer every window and perspective exactly as a brute-force pass over
/// the observations would: with the observations kept in memory, and with them read back from a
/// real LMDB per-metric index (the daemon's way). Observations land at midnight, share instants,
/// and arrive days late, so whole days, partial days and unknown days all occur.
@Suite struct MetricHistoryTests {
    /// The metric-day and metric-time indexes of a real log as the model's source.
    struct IndexSource: ObservationSource {
        let log: EventLog
        func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation] {
            (try? log.observations(of: metric, from: from, through: through)) ?? []
        }
        func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) -> [DaySummary] {
            (try? log.days(of: metric, from: from, through: through, limit: limit, descending: descending)) ?? []
        }
    }

    /// A small deterministic generator (SplitMix64), so that a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let day: Int64 = 86_400_000_000
    static let origin = instant("2026-01-01").microsecondsSinceEpoch

    /// Observations over twelve days, with their recorded times.
    static func observations(_ random: inout Random) -> [(effective: Instant, recorded: Instant, value: Double)] {
        var result: [(effective: Instant, recorded: Instant, value: Double)] = []
        for _ in 0..<400 {
            var effective = origin + Int64(random.below(12)) * day
            switch random.below(10) {
            case 0: break  // exactly midnight
            case 1 where !result.isEmpty: effective = result[random.below(result.count)].effective.microsecondsSinceEpoch
            default: effective += Int64(random.below(86_400)) * 1_000_000
            }
            let late = random.below(10) == 0 ? Int64(1 + random.below(5)) * day : Int64(random.below(60)) * 1_000_000
            result.append((Instant(microsecondsSinceEpoch: effective), Instant(microsecondsSinceEpoch: effective + late),
                           Double(random.below(1000)) / 10))
        }
        return result.sorted { $0.recorded < $1.recorded }
    }

    static func randomInstant(_ random: inout Random) -> Instant {
        let days = Int64(random.below(15)) - 1
        let within = random.below(3) == 0 ? 0 : Int64(random.below(86_400)) * 1_000_000
        return Instant(microsecondsSinceEpoch: origin + days * day + within)
    }

    @Test func summariesAgreeWithABruteForcePassInMemoryAndOverTheIndex() async throws {
        var random = Random(state: 2026)
        let directory = TemporaryDirectory()
        let clock = Mutex(Instant(microsecondsSinceEpoch: 0))
        let log = try EventLog(directory: directory.path, clock: { clock.withLock { $0 } })
        defer { log.close() }
        for observation in Self.observations(&random) {
            clock.withLock { $0 = observation.recorded }
            _ = try await log.append(NewEvent(MetricObserved(metric: "m", value: observation.value),
                                              effectiveAt: observation.effective, actor: "cron"))
        }
        let events = try log.events(limit: 10_000)
        let all = events.compactMap { event -> IndexedObservation? in
            guard case .metricObserved(let data) = event.payload else { return nil }
            return IndexedObservation(seq: event.seq, effectiveAt: event.effectiveAt, recordedAt: event.recordedAt, value: data.value)
        }
        var indexed = OKRModel(source: IndexSource(log: log))
        for event in events { indexed.fold(event) }
        let kept = OKRModel(events)
        #expect(kept.metrics["m"]?.count == 400)

        for _ in 0..<300 {
            let perspective = Perspective(asOf: Self.randomInstant(&random),
                                          knownAt: random.below(3) == 0 ? .distantFuture : Self.randomInstant(&random))
            let from = Instant(microsecondsSinceEpoch: Self.origin + Int64(random.below(10) - 1) * Self.day)
            let through = from.adding(seconds: Double(1 + random.below(6)) * 86_400)
            let threshold = (target: Double(random.below(100)), atMost: random.below(2) == 0)

            let known = all.filter { $0.recordedAt <= perspective.knownAt }
            let bound = min(perspective.asOf, through)
            let window = known.filter { $0.effectiveAt >= from && $0.effectiveAt <= bound }
                .sorted { ($0.effectiveAt, $0.seq) < ($1.effectiveAt, $1.seq) }
            let latest = known.filter { $0.effectiveAt <= bound }.max { ($0.effectiveAt, $0.seq) < ($1.effectiveAt, $1.seq) }
            let first = window.min { ($0.effectiveAt, $0.seq) < ($1.effectiveAt, $1.seq) }
            let sums = MomentSums(window.map { (x: $0.effectiveAt.seconds(since: from), y: $0.value) })
            let held = window.filter { KeyResultMath.holds($0.value, target: threshold.target, atMost: threshold.atMost) }.count

            for model in [kept, indexed] {
                let context = "\(perspective) [\(from), \(through)] source: \(model.observationSource != nil)"
                #expect(model.latestObservation(of: "m", perspective, through: through)
                        == latest.map { ObservedValue(effectiveAt: $0.effectiveAt, value: $0.value) }, "\(context)")
                #expect(model.firstObservation(of: "m", perspective, from: from, through: through)
                        == first.map { ObservedValue(effectiveAt: $0.effectiveAt, value: $0.value) }, "\(context)")
                let summary = model.observationSummary(of: "m", perspective, from: from, through: through, threshold: threshold)
                #expect(summary.count == window.count, "\(context)")
                #expect(summary.held == held, "\(context)")
                for (got, want) in [(summary.moments.meanX, sums.meanX), (summary.moments.meanY, sums.meanY),
                                    (summary.moments.sxx, sums.sxx), (summary.moments.syy, sums.syy), (summary.moments.sxy, sums.sxy)] {
                    #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "\(context): \(got) vs \(want)")
                }
                #expect(model.observations(of: "m", perspective, from: from, through: through).map(\.seq) == window.map(\.seq))
            }
        }
    }

    @Test func mergedSumsEqualTheSumsOfAllPoints() {
        let points: [(x: Double, y: Double)] = (0..<50).map { index in
            let x: Double = 1.7e9 + Double(index * index) * 37
            let y: Double = Double(index % 7) * 3.5 - 2
            return (x: x, y: y)
        }
        var merged = MomentSums(points[0..<20])
        merged.merge(MomentSums(points[20...].map { (x: $0.x - 1e6, y: $0.y) }).shifted(by: 1e6))
        let direct = MomentSums(points)
        #expect(merged.count == 50)
        #expect(abs(merged.meanX - direct.meanX) < 1e-3)
        #expect(abs(merged.sxy - direct.sxy) <= 1e-9 * abs(direct.sxy))
        #expect(abs(merged.sxx - direct.sxx) <= 1e-9 * abs(direct.sxx))
    }
}
