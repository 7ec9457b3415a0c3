import OKREvents
import Synchronization

/// What a model that reads its observations from an ``ObservationSource`` remembers of them
/// between queries: the sums of runs of whole days, single days' summaries (or that a day has
/// none), and the latest observation before a day. `status` asks every key result for the sums
/// of its cycle and its latest value; without the memo each call would read and merge a day
/// summary per day of the cycle from the log.
///
/// An entry is used only while it still holds (``MetricHistory/unchanged(_:since:)``): no
/// observation was folded in since, or only ones on later days (the usual cron feed). A back-fill
/// into an earlier day retires every entry of its metric. Only answers from days whose
/// observations were all folded are remembered, and one that depends on what the perspective
/// knows only for perspectives that know at least as much. Shared by copies of a model (a
/// class), bounded, and carried in projection snapshots.
public final class HistoryMemo: Sendable {
    /// Where a metric stood when something was remembered.
    struct State: Hashable, Sendable {
        var changeSeq: UInt64
        var backfillSeq: UInt64
        var latestDay: Int64
    }

    /// What is remembered.
    enum Kind: UInt8, Sendable {
        /// Sums of whole days `firstDay...lastDay`, x since the first day's start.
        case sums = 0
        /// The summary of day `firstDay` (== `lastDay`), or none.
        case day = 1
        /// The latest observation on a day up to `lastDay`.
        case latest = 2
    }

    struct Key: Hashable, Sendable {
        var metric: String
        var kind: Kind
        var firstDay: Int64
        var lastDay: Int64
        var threshold: Double? = nil
        var atMost: Bool = false
    }

    enum Value: Sendable {
        case sums(WindowSummary)
        /// Boxed: most remembered days are absent ones, and an entry is as large as its largest case.
        indirect case day(DaySummary?)
        case latest(ObservedValue?)
    }

    struct Entry: Sendable {
        var state: State
        /// The latest recording the answer depends on: perspectives that know less may see less.
        var maxRecorded: Instant
        var value: Value
    }

    /// The inputs of a trend forecast: the fit is a pure function of them.
    struct ForecastKey: Hashable, Sendable {
        var sums: MomentSums
        var end: Double
        var baseline: Double
        var target: Double
    }

    /// Past this many entries the memo starts again (as-of queries each leave their own): about
    /// 2.5 MB at most, five perspectives' worth of a 500-KR status.
    static let capacity = 16_384
    /// Past this many forecasts their cache starts again.
    static let forecastCapacity = 4_096
    private let entries = Mutex<[Key: Entry]>([:])
    /// Trend forecasts by their inputs: the Student-t tail behind each probability costs more
    /// than the rest of a key result's status (not carried in snapshots).
    private let forecasts = Mutex<[ForecastKey: TrendForecast?]>([:])
    private let hitCount = Atomic<Int>(0)

    public init() {}

    /// The remembered value for `key`, if it still holds for `history` and a perspective knowing `knownAt`.
    func value(_ key: Key, for history: MetricHistory, knownAt: Instant) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard history.unchanged(key.firstDay...key.lastDay, since: entry.state) else {
                entries[key] = nil
                return nil
            }
            guard knownAt >= entry.maxRecorded else { return nil }
            hitCount.add(1, ordering: .relaxed)
            return entry.value
        }
    }

    func remember(_ value: Value, _ key: Key, for history: MetricHistory, maxRecorded: Instant) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(state: history.state, maxRecorded: maxRecorded, value: value)
        }
    }

    /// ``TrendForecast/fit(_:end:baseline:target:)-(MomentSums,_,_,_)``, computed once per set of inputs.
    func forecast(_ sums: MomentSums, end: Double, baseline: Double, target: Double) -> TrendForecast? {
        let key = ForecastKey(sums: sums, end: end, baseline: baseline, target: target)
        if let known = forecasts.withLock({ $0[key] }) { return known }
        let fitted = TrendForecast.fit(sums, end: end, baseline: baseline, target: target)
        forecasts.withLock { forecasts in
            if forecasts.count >= Self.forecastCapacity { forecasts.removeAll(keepingCapacity: true) }
            forecasts[key] = .some(fitted)
        }
        return fitted
    }

    /// The number of entries.
    public var count: Int { entries.withLock { $0.count } }

    /// How many answers came from the memo.
    public var hits: Int { hitCount.load(ordering: .relaxed) }
}

/// The memo in a projection snapshot, so that the first `status` after a start finds what the
/// last run remembered (see ``OKRModel/snapshot()``).
extension HistoryMemo {
    func write(to writer: inout ByteWriter) {
        let sorted = entries.withLock { $0.sorted { $0.key < $1.key } }
        writer.writeVarint(UInt64(sorted.count))
        for (key, entry) in sorted {
            writer.write(key.metric)
            writer.write(key.kind.rawValue)
            writer.write(key.firstDay)
            writer.write(key.lastDay)
            writer.write(key.threshold)
            writer.write(key.atMost)
            entry.state.write(to: &writer)
            writer.write(entry.maxRecorded)
            switch entry.value {
            case .sums(let sums):
                sums.moments.write(to: &writer)
                writer.writeVarint(UInt64(sums.held))
            case .day(let day):
                writer.write(day != nil)
                if let day { writer.writeRaw(day.encoded()) }
            case .latest(let latest):
                writer.write(latest != nil)
                if let latest {
                    writer.write(latest.effectiveAt)
                    writer.write(latest.value)
                }
            }
        }
    }

    func read(from reader: inout ByteReader) throws {
        let count = try reader.readVarint("remembered")
        var loaded: [Key: Entry] = [:]
        loaded.reserveCapacity(Int(min(count, UInt64(Self.capacity))))
        for _ in 0..<count {
            let metric = try reader.readString("metric")
            let code = try reader.readUInt8("kind")
            guard let kind = Kind(rawValue: code) else { throw SnapshotError(description: "unknown remembered kind \(code)") }
            let key = Key(metric: metric, kind: kind, firstDay: try reader.readInt64("first day"), lastDay: try reader.readInt64("last day"),
                          threshold: try reader.readOptionalDouble("threshold"), atMost: try reader.readBool("at most"))
            let state = try State(from: &reader)
            let maxRecorded = try reader.readInstant("recorded")
            let value: Value
            switch kind {
            case .sums:
                let moments = try MomentSums(from: &reader)
                value = .sums(WindowSummary(moments: moments, held: Int(try reader.readVarint("held"))))
            case .day:
                value = .day(try reader.readBool("day") ? try DaySummary(day: key.firstDay, encoded: try reader.readRaw(DaySummary.encodedSize)) : nil)
            case .latest:
                value = .latest(try reader.readBool("latest")
                    ? ObservedValue(effectiveAt: try reader.readInstant("at"), value: try reader.readDouble("value")) : nil)
            }
            loaded[key] = Entry(state: state, maxRecorded: maxRecorded, value: value)
        }
        entries.withLock { $0 = loaded }
    }
}

extension HistoryMemo.State {
    func write(to writer: inout ByteWriter) {
        writer.write(changeSeq)
        writer.write(backfillSeq)
        writer.write(latestDay)
    }

    init(from reader: inout ByteReader) throws(EventCodecError) {
        self.init(changeSeq: try reader.readUInt64("change seq"), backfillSeq: try reader.readUInt64("back-fill seq"),
                  latestDay: try reader.readInt64("latest day"))
    }
}

extension HistoryMemo.Key: Comparable {
    static func < (left: Self, right: Self) -> Bool {
        (left.metric, left.kind.rawValue, left.firstDay, left.lastDay, left.threshold ?? -.infinity, left.atMost ? 1 : 0)
            < (right.metric, right.kind.rawValue, right.firstDay, right.lastDay, right.threshold ?? -.infinity, right.atMost ? 1 : 0)
    }
}
