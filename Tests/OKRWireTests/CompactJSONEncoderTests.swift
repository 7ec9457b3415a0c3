import Foundation
import OKREvents
import OKRProjections
import Testing
@testable import OKRWire

/// okrd's fast encoder writes exactly the bytes Foundation's `JSONEncoder` writes with sorted
/// keys and unescaped slashes, so clients cannot tell which one answered.
@Suite struct CompactJSONEncoderTests {
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func expectSameBytes(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = Array(try Self.foundation.encode(value))
        let actual = try CompactJSONEncoder().encode(value)
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self), sourceLocation: sourceLocation)
    }

    struct Mixed: Codable {
        var text: String
        var numbers: [Double]
        var count: Int
        var flag: Bool
        var missing: String?
        var present: Double?
        var nested: [String: [Int]]
        var empty: [String]
        var zebra = "last key first in declaration"
    }

    @Test func scalarsStringsAndContainersMatchFoundation() throws {
        try expectSameBytes(Mixed(text: "a\"b\\c/d\n\t\r\u{1}\u{8}\u{c}é😀 ok", numbers: [0.1, 85, 1e20, -0.0, 0, -7, 1e15, 9_007_199_254_740_991, 9_007_199_254_740_992, 1e16, 1e-7, 123_456_789.125, -3.5, 1e300],
                                  count: -42, flag: true, missing: nil, present: 0.5, nested: ["b": [1, 2], "a": [], "aa": [3]], empty: []))
        try expectSameBytes(["z": 1, "a": 2, "m": 3])
        try expectSameBytes([Optional<Int>.none, 1, nil])
        try expectSameBytes("just a string")
        try expectSameBytes(2.0)
        try expectSameBytes([Int64.min, Int64.max])
        try expectSameBytes([UInt8(7), UInt8(255)])
        try expectSameBytes([Float(0.1), Float(3), Float(-2.5)])
    }

    @Test func okrAnswersMatchFoundation() throws {
        let start = Instant(rfc3339: "2026-01-01")!
        var events: [StoredEvent] = []
        func add(_ data: some EventData, at instant: Instant) {
            events.append(StoredEvent(seq: UInt64(events.count + 1), id: UUID(), recordedAt: instant, effectiveAt: instant,
                                      actor: "alice", payload: EventPayload(data)))
        }
        add(CycleDefined(id: "2026-Q1", name: "Q1", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!), at: start)
        add(ObjectiveCreated(id: "O-1", cycle: "2026-Q1", team: "growth", title: "Onboarding \"fast\" / simple"), at: start)
        add(KeyResultCreated(id: "KR-1", objective: "O-1", title: "Completion", metric: "m", baseline: 60, target: 85), at: start)
        add(KeyResultCreated(id: "KR-2", objective: "O-1", title: "Uptime", metric: "u", kind: .atLeast, target: 99.5), at: start)
        for day in 0..<30 {
            add(MetricObserved(metric: "m", value: 60 + Double(day) * 0.37), at: start.adding(seconds: Double(day) * 86_400 + 3_600))
            add(MetricObserved(metric: "u", value: day % 5 == 0 ? 99.1 : 99.9), at: start.adding(seconds: Double(day) * 86_400 + 7_200))
        }
        add(CheckInRecorded(kr: "KR-1", confidence: 7, note: "on track\nmostly"), at: start.adding(seconds: 20 * 86_400))
        let model = OKRModel(events)
        let report = model.answer(StatusQuery(perspective: Perspective(at: start.adding(seconds: 31 * 86_400)), cycle: nil))
        try expectSameBytes(report)
        try expectSameBytes(events)
        try expectSameBytes(RPCSuccess(result: report, id: .number(7)))

        // Every optional member present, then every one absent, with text that needs escaping.
        var full = report
        full.cycles[0].alignment = 0.25
        full.cycles[0].name = "Q1 \"launch\"\t/ é"
        full.cycles[0].objectives[0].parent = "O-0"
        full.cycles[0].objectives[0].strategy = "S-1"
        full.cycles[0].objectives[0].confidence = 6.5
        full.cycles[0].objectives[0].lowestConfidence = 3
        var kr = full.cycles[0].objectives[0].krs[0]
        (kr.unit, kr.baseline, kr.current, kr.currentAt, kr.progress, kr.score) = ("%\n", -1.5, 1e21, start, 0.1, 1)
        (kr.held, kr.forecast, kr.forecastScore, kr.forecastProbability, kr.forecastCrossing) = (0.5, 12, 0.7, 1e-9, start)
        (kr.confidence, kr.confidenceAt, kr.confidenceStale, kr.confidenceTrend) = (9, start, true, -2)
        var empty = kr
        (empty.unit, empty.baseline, empty.current, empty.currentAt, empty.progress, empty.score) = (nil, nil, nil, nil, nil, nil)
        (empty.held, empty.forecast, empty.forecastScore, empty.forecastProbability, empty.forecastCrossing) = (nil, nil, nil, nil, nil)
        (empty.confidence, empty.confidenceAt, empty.confidenceStale, empty.confidenceTrend) = (nil, nil, nil, nil)
        full.cycles[0].objectives[0].krs = [kr, empty]
        var bare = full.cycles[0].objectives[0]
        (bare.parent, bare.strategy, bare.score, bare.confidence, bare.lowestConfidence, bare.krs) = (nil, nil, nil, nil, nil, [])
        full.cycles[0].objectives.append(bare)
        full.cycles.append(full.cycles[0])
        full.cycles[1].objectives = []
        full.cycles[1].alignment = nil
        try expectSameBytes(full)
        try expectSameBytes(RPCSuccess(result: full, id: .string("x")))
        var none = full
        none.cycles = []
        try expectSameBytes(none)

        try expectSameBytes(RPCSuccess(result: ObserveResult(appended: 3, duplicates: 1, seqs: [1, 0, 18_446_744_073_709_551_615, 42]), id: .number(9)))
        try expectSameBytes(ObserveResult(appended: 0, duplicates: 0, seqs: []))

        full.cycles[0].objectives[0].krs[0].progress = .nan
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(full) }
    }

    @Test func nonFiniteNumbersAreRefusedAsFoundationRefusesThem() {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([1, Double.nan]) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(["x": Double.infinity]) }
    }
}
