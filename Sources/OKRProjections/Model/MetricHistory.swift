import OKREvents

/// What the model knows of one metric's observations: a summary per UTC day, and either every
/// observation (a model built in memory) or an ``ObservationSource`` to read single days back
/// from (the daemon's model, whose memory must not grow with history).
///
/// A query over a window uses each day's summary when the whole day lies inside the window and
/// was recorded by the perspective's knowledge instant, and reads the observations of the
/// other days (at most the days at the window's edges, or days with late back-fills) one by one.
public struct MetricHistory: Sendable {
    public let metric: String
    /// Per-day summaries, by day.
    private(set) var days: [DaySummary] = []
    /// Every observation, when the model keeps them itself.
    private(set) var kept: Timeline<Double>?

    init(metric: String, keepsObservations: Bool) {
        self.metric = metric
        kept = keepsObservations ? Timeline() : nil
    }

    init(metric: String, days: [DaySummary]) {
        self.metric = metric
        self.days = days
    }

    /// The number of observations.
    public var count: Int { days.reduce(0) { $0 + Int($1.moments.count) } }

    /// Adds an observation (events arrive in seq order).
    mutating func insert(_ value: Double, at stamp: Stamp) {
        kept?.insert(value, at: stamp)
        let day = DaySummary.day(of: stamp.effectiveAt)
        if let last = days.indices.last, days[last].day == day {
            days[last].add(value: value, effectiveAt: stamp.effectiveAt, recordedAt: stamp.recordedAt)
            return
        }
        let index = firstIndex(onOrAfter: day)
        if index < days.count, days[index].day == day {
            days[index].add(value: value, effectiveAt: stamp.effectiveAt, recordedAt: stamp.recordedAt)
        } else {
            days.insert(DaySummary(value: value, effectiveAt: stamp.effectiveAt, recordedAt: stamp.recordedAt), at: index)
        }
    }

    /// Drops spare capacity (after a replay): growth by doubling leaves a third of the days'
    /// storage unused on average. (`Array(days)` would share the buffer; this copies.)
    mutating func compact() {
        guard days.capacity > days.count else { return }
        days = days.withUnsafeBufferPointer { Array($0) }
    }

    private func firstIndex(onOrAfter day: Int64) -> Int {
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

/// Reading a metric's history for a perspective.
extension MetricHistory {
    /// Reads single observations back, from the kept timeline or the source.
    struct Reader {
        let source: (any ObservationSource)?
        let lastSeq: UInt64

        func observations(_ history: MetricHistory, from: Instant, through: Instant, knownAt: Instant) -> [IndexedObservation] {
            guard from <= through else { return [] }
            if let kept = history.kept {
                return kept.visible(Perspective(asOf: through, knownAt: knownAt), from: from, through: through).map {
                    IndexedObservation(seq: $0.stamp.seq, effectiveAt: $0.stamp.effectiveAt, recordedAt: $0.stamp.recordedAt, value: $0.value)
                }
            }
            guard let source else { return [] }
            // Events committed but not yet folded are left out, so that the summaries and the
            // single observations describe the same log.
            return source.observations(of: history.metric, from: from, through: through)
                .filter { $0.seq <= lastSeq && $0.recordedAt <= knownAt }
        }
    }

    /// The observation with the greatest `effectiveAt ≤ min(asOf, limit)` (ties: the higher seq).
    func latest(_ perspective: Perspective, through limit: Instant?, _ reader: Reader) -> ObservedValue? {
        let bound = min(perspective.asOf, limit ?? perspective.asOf)
        var index = firstIndex(onOrAfter: DaySummary.day(of: bound) + 1) - 1
        while index >= 0 {
            let day = days[index]
            index -= 1
            switch day.coverage(from: .distantPast, through: bound, knownAt: perspective.knownAt) {
            case .none: continue
            case .whole: return ObservedValue(effectiveAt: day.lastAt, value: day.lastValue)
            case .part:
                let read = reader.observations(self, from: day.start, through: min(bound, day.last), knownAt: perspective.knownAt)
                if let last = read.last { return ObservedValue(effectiveAt: last.effectiveAt, value: last.value) }
            }
        }
        return nil
    }

    /// The observation with the least `effectiveAt` in `[from, min(asOf, through)]` (ties: the lower seq).
    func first(_ perspective: Perspective, from: Instant, through: Instant, _ reader: Reader) -> ObservedValue? {
        let bound = min(perspective.asOf, through)
        var index = firstIndex(onOrAfter: DaySummary.day(of: from))
        while index < days.count, days[index].start <= bound {
            let day = days[index]
            index += 1
            switch day.coverage(from: from, through: bound, knownAt: perspective.knownAt) {
            case .none: continue
            case .whole: return ObservedValue(effectiveAt: day.firstAt, value: day.firstValue)
            case .part:
                let read = reader.observations(self, from: max(from, day.start), through: min(bound, day.last), knownAt: perspective.knownAt)
                if let first = read.first { return ObservedValue(effectiveAt: first.effectiveAt, value: first.value) }
            }
        }
        return nil
    }

    /// The sums of the observations in `[from, min(asOf, through)]`, x in seconds since `from`,
    /// and how many of them held `threshold` when one is given.
    func summary(_ perspective: Perspective, from: Instant, through: Instant,
                 threshold: (target: Double, atMost: Bool)? = nil, _ reader: Reader) -> WindowSummary {
        let bound = min(perspective.asOf, through)
        var summary = WindowSummary()
        var index = firstIndex(onOrAfter: DaySummary.day(of: from))
        while index < days.count, days[index].start <= bound {
            let day = days[index]
            index += 1
            var whole = day.coverage(from: from, through: bound, knownAt: perspective.knownAt)
            if whole == .whole, let threshold {
                let low = KeyResultMath.holds(day.minValue, target: threshold.target, atMost: threshold.atMost)
                let high = KeyResultMath.holds(day.maxValue, target: threshold.target, atMost: threshold.atMost)
                if low == high { summary.held += low ? Int(day.moments.count) : 0 } else { whole = .part }
            }
            switch whole {
            case .none: continue
            case .whole:
                summary.moments.merge(day.moments.shifted(by: day.start.seconds(since: from)))
            case .part:
                for observation in reader.observations(self, from: max(from, day.start), through: min(bound, day.last),
                                                       knownAt: perspective.knownAt) {
                    summary.moments.add(x: observation.effectiveAt.seconds(since: from), y: observation.value)
                    if let threshold, KeyResultMath.holds(observation.value, target: threshold.target, atMost: threshold.atMost) {
                        summary.held += 1
                    }
                }
            }
        }
        return summary
    }

    /// Every observation in `[from, min(asOf, through)]` known at the perspective, in time order.
    func observations(_ perspective: Perspective, from: Instant, through: Instant, _ reader: Reader) -> [IndexedObservation] {
        reader.observations(self, from: from, through: min(perspective.asOf, through), knownAt: perspective.knownAt)
    }

    /// The last `count` observations known at the perspective, in time order.
    func recent(_ perspective: Perspective, count: Int, _ reader: Reader) -> [IndexedObservation] {
        var found: [IndexedObservation] = []
        var index = firstIndex(onOrAfter: DaySummary.day(of: perspective.asOf) + 1) - 1
        while index >= 0, found.count < count {
            let day = days[index]
            index -= 1
            guard day.coverage(from: .distantPast, through: perspective.asOf, knownAt: perspective.knownAt) != .none else { continue }
            found = reader.observations(self, from: day.start, through: min(perspective.asOf, day.last), knownAt: perspective.knownAt) + found
        }
        return Array(found.suffix(count))
    }
}
