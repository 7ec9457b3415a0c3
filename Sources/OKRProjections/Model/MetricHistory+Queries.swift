import OKREvents

/// Reading a metric's history for a perspective.
extension MetricHistory {
    /// Where days and single observations come from: the history itself (a model that keeps its
    /// observations) or the source, seen as of the model's last folded seq.
    struct Reader {
        let source: (any ObservationSource)?
        let lastSeq: UInt64
        let memo: HistoryMemo?
        /// The reads of this reader that failed: what depends on them is not remembered.
        let failures = ObservationReadFailures()

        /// Whether what was read may be remembered: no read of this reader failed.
        var mayRemember: Bool { failures.isEmpty }

        /// A failed read, recorded for this reader and for the answer being worked out; an
        /// empty result stands in so that the query can finish, and is never remembered.
        private func failed<T>(_ error: ObservationReadError) -> [T] {
            failures.record(error)
            ObservationReadFailures.current?.record(error)
            return []
        }

        /// Up to `limit` day summaries for days `from...through`, ascending or (`descending`) from `through` back.
        func days(_ history: MetricHistory, from: Int64, through: Int64, limit: Int = .max,
                  descending: Bool = false) -> [DaySummary] {
            guard from <= through, limit > 0 else { return [] }
            guard history.kept == nil, let source else {
                let low = history.firstIndex(onOrAfter: from)
                let high = through == .max ? history.days.count : history.firstIndex(onOrAfter: through + 1)
                guard low < high else { return [] }
                let take = min(limit, high - low)
                let range = descending ? high - take..<high : low..<low + take
                return descending ? Array(history.days[range].reversed()) : Array(history.days[range])
            }
            do {
                return try source.days(of: history.metric, from: from, through: through, limit: limit, descending: descending)
            } catch {
                return failed(error)
            }
        }

        func observations(_ history: MetricHistory, from: Instant, through: Instant, knownAt: Instant) -> [IndexedObservation] {
            guard from <= through else { return [] }
            if let kept = history.kept {
                return kept.visible(Perspective(asOf: through, knownAt: knownAt), from: from, through: through).map {
                    IndexedObservation(seq: $0.stamp.seq, effectiveAt: $0.stamp.effectiveAt, recordedAt: $0.stamp.recordedAt, value: $0.value)
                }
            }
            guard let source else { return [] }
            // Events committed but not yet folded are left out, so that every answer describes
            // the log as of one seq.
            do {
                return try source.observations(of: history.metric, from: from, through: through)
                    .filter { $0.seq <= lastSeq && $0.recordedAt <= knownAt }
            } catch {
                return failed(error)
            }
        }

        /// Days read a few at a time, ascending from `from` (or descending from `through`):
        /// most walks stop at the first day.
        func walk(_ history: MetricHistory, from: Int64, through: Int64, descending: Bool,
                  _ body: (DaySummary) -> Bool) {
            var (low, high) = (from, through)
            var batch = 2
            while low <= high {
                let days = self.days(history, from: low, through: high, limit: batch, descending: descending)
                for day in days where !body(day) { return }
                guard days.count == batch, let last = days.last else { return }
                if descending { high = last.day - 1 } else { low = last.day + 1 }
                batch = min(batch * 4, 512)
            }
        }
    }

    /// The observation with the greatest `effectiveAt ≤ min(asOf, limit)` (ties: the higher seq):
    /// in the bound's own day, else on the latest earlier day (remembered when it can be).
    func latest(_ perspective: Perspective, through limit: Instant?, _ reader: Reader) -> ObservedValue? {
        let bound = min(perspective.asOf, limit ?? perspective.asOf)
        let boundDay = DaySummary.day(of: bound)
        if let day = day(boundDay, reader), let found = latest(in: day, through: bound, perspective, reader) { return found }
        let key = HistoryMemo.Key(metric: metric, kind: .latest, firstDay: .min, lastDay: boundDay - 1)
        if let memo = reader.memo, case .latest(let found)? = memo.value(key, for: self, knownAt: perspective.knownAt) { return found }
        var found: ObservedValue?
        var rememberable = true
        var maxRecorded = Instant.distantPast
        reader.walk(self, from: .min, through: boundDay - 1, descending: true) { day in
            // Every earlier day lies wholly before the bound: only knowledge and folding make it partial.
            if day.maxRecorded > perspective.knownAt || day.maxSeq > reader.lastSeq { rememberable = false }
            maxRecorded = max(maxRecorded, day.maxRecorded)
            found = latest(in: day, through: bound, perspective, reader)
            return found == nil
        }
        if rememberable, reader.mayRemember, let memo = reader.memo { memo.remember(.latest(found), key, for: self, maxRecorded: maxRecorded) }
        return found
    }

    /// The latest observation of `day` at or before `bound`, known and folded.
    func latest(in day: DaySummary, through bound: Instant, _ perspective: Perspective, _ reader: Reader) -> ObservedValue? {
        switch day.coverage(from: .distantPast, through: bound, knownAt: perspective.knownAt, foldedSeq: reader.lastSeq) {
        case .none: return nil
        case .whole: return ObservedValue(effectiveAt: day.lastAt, value: day.lastValue)
        case .part:
            let read = reader.observations(self, from: day.start, through: min(bound, day.last), knownAt: perspective.knownAt)
            return read.last.map { ObservedValue(effectiveAt: $0.effectiveAt, value: $0.value) }
        }
    }

    /// One day's summary, or `nil` for a day without observations (remembered when it can be:
    /// what a summary means for a perspective is decided after, so knowledge does not matter).
    func day(_ day: Int64, _ reader: Reader) -> DaySummary? {
        let key = HistoryMemo.Key(metric: metric, kind: .day, firstDay: day, lastDay: day)
        if let memo = reader.memo, case .day(let summary)? = memo.value(key, for: self, knownAt: .distantFuture) { return summary }
        let summary = reader.days(self, from: day, through: day).first
        if reader.mayRemember, let memo = reader.memo, (summary?.maxSeq ?? 0) <= reader.lastSeq {
            memo.remember(.day(summary), key, for: self, maxRecorded: .distantPast)
        }
        return summary
    }

    /// The observation with the least `effectiveAt` in `[from, min(asOf, through)]` (ties: the lower seq).
    func first(_ perspective: Perspective, from: Instant, through: Instant, _ reader: Reader) -> ObservedValue? {
        let bound = min(perspective.asOf, through)
        guard from <= bound else { return nil }
        var found: ObservedValue?
        reader.walk(self, from: DaySummary.day(of: from), through: DaySummary.day(of: bound), descending: false) { day in
            switch day.coverage(from: from, through: bound, knownAt: perspective.knownAt, foldedSeq: reader.lastSeq) {
            case .none: return true
            case .whole: found = ObservedValue(effectiveAt: day.firstAt, value: day.firstValue)
            case .part:
                let read = reader.observations(self, from: max(from, day.start), through: min(bound, day.last),
                                               knownAt: perspective.knownAt)
                found = read.first.map { ObservedValue(effectiveAt: $0.effectiveAt, value: $0.value) }
            }
            return found == nil
        }
        return found
    }

    /// The sums of the observations in `[from, min(asOf, through)]`, x in seconds since `from`,
    /// and how many of them held `threshold` when one is given.
    ///
    /// The window splits into at most two edge days, which it cuts, and the run of whole days
    /// between them, whose sums may come from the memo.
    func summary(_ perspective: Perspective, from: Instant, through: Instant,
                 threshold: (target: Double, atMost: Bool)? = nil, _ reader: Reader) -> WindowSummary {
        let bound = min(perspective.asOf, through)
        var summary = WindowSummary()
        guard from <= bound else { return summary }
        let firstDay = DaySummary.day(of: from)
        let lastDay = DaySummary.day(of: bound)
        let innerFirst = DaySummary.start(of: firstDay) >= from ? firstDay : firstDay + 1
        let innerLast = DaySummary.last(of: lastDay) <= bound ? lastDay : lastDay - 1
        guard innerFirst <= innerLast else {
            for index in firstDay...lastDay {
                if let day = day(index, reader) { add(day, window: from...bound, threshold, perspective, reader, to: &summary) }
            }
            return summary
        }
        if firstDay < innerFirst, let day = day(firstDay, reader) {
            add(day, window: from...bound, threshold, perspective, reader, to: &summary)
        }
        let inner = wholeDays(innerFirst...innerLast, perspective, threshold, reader)
        summary.moments.merge(inner.moments.shifted(by: DaySummary.start(of: innerFirst).seconds(since: from)))
        summary.held += inner.held
        if innerLast < lastDay, let day = day(lastDay, reader) {
            add(day, window: from...bound, threshold, perspective, reader, to: &summary)
        }
        return summary
    }

    /// The sums of whole days `days` (x since the first day's start), remembered when the
    /// model has a memo and the answer does not depend on what the perspective knows.
    private func wholeDays(_ days: ClosedRange<Int64>, _ perspective: Perspective,
                           _ threshold: (target: Double, atMost: Bool)?, _ reader: Reader) -> WindowSummary {
        let key = HistoryMemo.Key(metric: metric, kind: .sums, firstDay: days.lowerBound, lastDay: days.upperBound,
                                  threshold: threshold?.target, atMost: threshold?.atMost ?? false)
        if let memo = reader.memo, case .sums(let sums)? = memo.value(key, for: self, knownAt: perspective.knownAt) { return sums }
        let window = DaySummary.start(of: days.lowerBound)...DaySummary.last(of: days.upperBound)
        var sums = WindowSummary()
        var rememberable = true
        var maxRecorded = Instant.distantPast
        for day in reader.days(self, from: days.lowerBound, through: days.upperBound) {
            if day.maxRecorded > perspective.knownAt || day.maxSeq > reader.lastSeq { rememberable = false }
            maxRecorded = max(maxRecorded, day.maxRecorded)
            add(day, window: window, threshold, perspective, reader, to: &sums)
        }
        if rememberable, reader.mayRemember, let memo = reader.memo { memo.remember(.sums(sums), key, for: self, maxRecorded: maxRecorded) }
        return sums
    }

    /// Adds what of `day` lies in `window` (x since the window's start): from its summary when
    /// the whole day is inside, known and folded, and (with a threshold) holds it all or not at
    /// all; else its observations one by one.
    private func add(_ day: DaySummary, window: ClosedRange<Instant>, _ threshold: (target: Double, atMost: Bool)?,
                     _ perspective: Perspective, _ reader: Reader, to summary: inout WindowSummary) {
        let (from, bound) = (window.lowerBound, window.upperBound)
        var coverage = day.coverage(from: from, through: bound, knownAt: perspective.knownAt, foldedSeq: reader.lastSeq)
        if coverage == .whole, let threshold {
            let low = KeyResultMath.holds(day.minValue, target: threshold.target, atMost: threshold.atMost)
            let high = KeyResultMath.holds(day.maxValue, target: threshold.target, atMost: threshold.atMost)
            if low == high { summary.held += low ? Int(day.moments.count) : 0 } else { coverage = .part }
        }
        switch coverage {
        case .none: return
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

    /// Every observation in `[from, min(asOf, through)]` known at the perspective, in time order.
    func observations(_ perspective: Perspective, from: Instant, through: Instant, _ reader: Reader) -> [IndexedObservation] {
        reader.observations(self, from: from, through: min(perspective.asOf, through), knownAt: perspective.knownAt)
    }

    /// The last `count` observations known at the perspective, in time order.
    func recent(_ perspective: Perspective, count: Int, _ reader: Reader) -> [IndexedObservation] {
        var found: [IndexedObservation] = []
        guard count > 0 else { return found }
        reader.walk(self, from: .min, through: DaySummary.day(of: perspective.asOf), descending: true) { day in
            guard day.coverage(from: .distantPast, through: perspective.asOf, knownAt: perspective.knownAt,
                               foldedSeq: reader.lastSeq) != .none else { return true }
            found = reader.observations(self, from: day.start, through: min(perspective.asOf, day.last),
                                        knownAt: perspective.knownAt) + found
            return found.count < count
        }
        return Array(found.suffix(count))
    }
}
