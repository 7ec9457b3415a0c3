import OKREvents

/// What the model knows of one metric's observations.
///
/// A model built in memory keeps every observation and a ``DaySummary`` per UTC day itself. The
/// daemon's model keeps neither: its ``ObservationSource`` (the log's `metric-day` and
/// `metric-time` indexes) holds both, so the daemon's memory does not grow with history. What it
/// keeps is which observations changed what, so that sums remembered in a ``HistoryMemo`` are
/// used only while they still hold.
///
/// A query over a window uses each day's summary when the whole day lies inside the window and
/// was recorded by the perspective's knowledge instant, and reads the observations of the
/// other days (at most the days at the window's edges, or days with late back-fills) one by one.
public struct MetricHistory: Sendable {
    public let metric: String
    /// Per-day summaries, by day (a model that keeps its observations).
    private(set) var days: [DaySummary] = []
    /// Every observation (a model that keeps its observations).
    private(set) var kept: Timeline<Double>?
    /// The seq of the last observation folded in.
    private(set) var changeSeq: UInt64 = 0
    /// The seq of the last observation folded in whose day was before ``latestDay``: a back-fill.
    private(set) var backfillSeq: UInt64 = 0
    /// The latest day of an observation folded in (`Int64.min` before the first).
    private(set) var latestDay: Int64 = .min

    init(metric: String, keepsObservations: Bool) {
        self.metric = metric
        kept = keepsObservations ? Timeline() : nil
    }

    /// A metric as a snapshot left it (a model with a source).
    init(metric: String, state: HistoryMemo.State) {
        self.metric = metric
        (changeSeq, backfillSeq, latestDay) = (state.changeSeq, state.backfillSeq, state.latestDay)
    }

    /// The number of observations (of a model that keeps them).
    public var count: Int { days.reduce(0) { $0 + Int($1.moments.count) } }

    /// Adds an observation (events arrive in seq order).
    mutating func insert(_ value: Double, at stamp: Stamp) {
        let day = DaySummary.day(of: stamp.effectiveAt)
        if day < latestDay { backfillSeq = stamp.seq } else { latestDay = day }
        changeSeq = stamp.seq
        guard kept != nil else { return }
        kept!.insert(value, at: stamp)
        if let last = days.indices.last, days[last].day == day {
            days[last].add(value: value, effectiveAt: stamp.effectiveAt, recordedAt: stamp.recordedAt, seq: stamp.seq)
            return
        }
        let index = firstIndex(onOrAfter: day)
        if index < days.count, days[index].day == day {
            days[index].add(value: value, effectiveAt: stamp.effectiveAt, recordedAt: stamp.recordedAt, seq: stamp.seq)
        } else {
            days.insert(DaySummary(value: value, effectiveAt: stamp.effectiveAt, recordedAt: stamp.recordedAt, seq: stamp.seq),
                        at: index)
        }
    }

    /// Whether sums over `days`, remembered when the metric stood at `state`, still hold: nothing
    /// was folded in since, or only observations on days after them.
    func unchanged(_ days: ClosedRange<Int64>, since state: HistoryMemo.State) -> Bool {
        if changeSeq == state.changeSeq { return true }
        return changeSeq > state.changeSeq && backfillSeq == state.backfillSeq && days.upperBound < state.latestDay
    }

    var state: HistoryMemo.State { HistoryMemo.State(changeSeq: changeSeq, backfillSeq: backfillSeq, latestDay: latestDay) }

    func firstIndex(onOrAfter day: Int64) -> Int {
        var low = 0
        var high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle].day < day { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// One observation's time and value.
public struct ObservedValue: Hashable, Sendable {
    public var effectiveAt: Instant
    public var value: Double
}

/// A window's observations, summed.
public struct WindowSummary: Sendable {
    /// x = seconds since the window's start, y = value.
    public var moments = MomentSums()
    /// How many held the threshold asked about.
    public var held = 0
    public var count: Int { Int(moments.count) }
}
