import OKREvents

extension Evaluator {
    /// A key result's numbers as of the perspective (SPEC §3), in its cycle `[S, E)`.
    public func evaluate(_ record: KeyResultRecord, in cycle: CycleRecord, _ perspective: Perspective,
                         settings: ProjectionSettings = ProjectionSettings()) -> KeyResultStatus {
        let keyResult = record.current(perspective)
        return evaluate(record, keyResult, of: model.objectives[keyResult.objective]?.current(perspective), in: cycle, perspective,
                        settings: settings)
    }

    /// ``evaluate(_:in:_:settings:)-(KeyResultRecord,_,_,_)`` with the key result and its
    /// objective as they stand, which give its owner and team when it has none of its own.
    func evaluate(_ record: KeyResultRecord, _ keyResult: KeyResultCreated, of objective: ObjectiveCreated?,
                  in cycle: CycleRecord, _ perspective: Perspective, settings: ProjectionSettings) -> KeyResultStatus {
        let start = cycle.start
        let end = cycle.end
        let metric = keyResult.metric
        let latest = model.latestObservation(of: metric, perspective, through: end)
        let current = latest?.value
        let baseline = self.baseline(of: keyResult, in: cycle, perspective)
        let checkpoints = record.plan(perspective)
        let plannedPath = keyResult.kind == .progress && !checkpoints.isEmpty
            ? baseline.map { PlannedPath(start: start, end: end, baseline: $0, target: keyResult.target, checkpoints: checkpoints) }
            : nil
        let expected = plannedPath?.expected(at: perspective.asOf.secondsSinceEpoch) ?? KeyResultMath.expected(
            at: perspective.asOf.secondsSinceEpoch, start: start.secondsSinceEpoch, end: end.secondsSinceEpoch)

        var status = KeyResultStatus(
            id: keyResult.id, title: keyResult.title, metric: keyResult.metric, kind: keyResult.kind,
            level: keyResult.level, indicator: keyResult.indicator, unit: keyResult.unit, weight: keyResult.weight,
            baseline: baseline, target: keyResult.target, current: current, currentAt: latest?.effectiveAt,
            progress: nil, score: nil, expected: expected, pace: .noData, held: nil, forecast: nil,
            forecastScore: nil, forecastProbability: nil, forecastCrossing: nil, confidence: nil, confidenceAt: nil, confidenceStale: nil, confidenceTrend: nil,
            owner: keyResult.owner ?? objective?.owner, team: keyResult.team ?? objective?.team ?? "",
            plan: checkpoints.isEmpty ? nil : checkpoints)

        switch keyResult.kind {
        case .progress, .milestone:
            if let current, let baseline {
                status.progress = KeyResultMath.progress(current: current, baseline: baseline, target: keyResult.target)
            }
            status.score = current.flatMap { KeyResultMath.score(keyResult.kind, current: $0, baseline: baseline, target: keyResult.target) }
            status.pace = KeyResultMath.pace(score: status.score, expected: expected, settings: settings)
            if keyResult.kind == .progress { forecast(into: &status, metric: metric, in: cycle, perspective) }
        case .atLeast, .atMost:
            let atMost = keyResult.kind == .atMost
            status.score = current.flatMap { KeyResultMath.score(keyResult.kind, current: $0, baseline: baseline, target: keyResult.target) }
            let observed = model.observationSummary(of: metric, perspective, from: start, through: end,
                                              threshold: (keyResult.target, atMost))
            if observed.count > 0 {
                status.held = Double(observed.held) / Double(observed.count)
            }
            status.pace = KeyResultMath.thresholdPace(score: status.score)
        }

        let checkIns = CheckInSummary(record.checkIns, perspective, settings: settings)
        status.checkInAt = checkIns.at
        status.checkInStatus = checkIns.status
        status.confidence = checkIns.confidence
        status.confidenceAt = checkIns.confidenceAt
        status.confidenceStale = checkIns.confidenceStale
        status.confidenceTrend = checkIns.confidenceTrend
        return status.withFiniteFigures()
    }

    /// A progress key result's trend forecast at its cycle's end (SPEC §3): the value, its score,
    /// the chance of reaching the target and when the trend crosses it.
    private func forecast(into status: inout KeyResultStatus, metric: String, in cycle: CycleRecord, _ perspective: Perspective) {
        let (start, end) = (cycle.start, cycle.end)
        let sums = model.observationSummary(of: metric, perspective, from: start, through: end).moments
        status.forecast = KeyResultMath.forecast(sums, at: end.seconds(since: start))
        guard let forecast = status.forecast, let baseline = status.baseline else { return }
        status.forecastScore = KeyResultMath.progress(current: forecast, baseline: baseline, target: status.target).map { KeyResultMath.clamp($0) }
        let endOffset = end.seconds(since: start)
        let trend = model.memo.map { $0.forecast(sums, end: endOffset, baseline: baseline, target: status.target) }
            ?? TrendForecast.fit(sums, end: endOffset, baseline: baseline, target: status.target)
        if let trend {
            status.forecastProbability = trend.probability
            status.forecastCrossing = trend.crossingOffset.flatMap { $0.isFinite ? start.adding(seconds: $0) : nil }
        }
    }

    /// A key result's baseline in its cycle: its own, else the metric's latest value at the cycle's
    /// start, else its first value inside the cycle.
    func baseline(of keyResult: KeyResultCreated, in cycle: CycleRecord, _ perspective: Perspective) -> Double? {
        keyResult.baseline
            ?? model.latestObservation(of: keyResult.metric, perspective, through: cycle.start)?.value
            ?? model.firstObservation(of: keyResult.metric, perspective, from: cycle.start, through: cycle.end)?.value
    }

    /// An objective with its active key results as of the perspective, scored from its progress
    /// source (SPEC §10).
    public func evaluate(_ record: ObjectiveRecord, in cycle: CycleRecord, _ perspective: Perspective,
                         settings: ProjectionSettings = ProjectionSettings()) -> ObjectiveStatus {
        var scores = ObjectiveScores()
        return evaluate(record, in: cycle, perspective, settings: settings, scores: &scores)
    }

    /// ``evaluate(_:in:_:settings:)-(ObjectiveRecord,_,_,_)`` sharing children's scores with the
    /// other objectives of the same answer.
    func evaluate(_ record: ObjectiveRecord, in cycle: CycleRecord, _ perspective: Perspective,
                  settings: ProjectionSettings, scores: inout ObjectiveScores) -> ObjectiveStatus {
        let objective = record.current(perspective)
        let krs = model.activeKeyResults(of: objective.id, perspective).map {
            evaluate($0, $0.current(perspective), of: objective, in: cycle, perspective, settings: settings)
        }
        var sum = ScoreSum()
        if objective.progress != .children {
            for kr in krs { sum.add(kr.score ?? 0, weight: kr.weight) }
        }
        if objective.progress != .krs {
            sum.add(childrenScore(of: objective.id, perspective, scores: &scores))
        }
        let confidences = krs.compactMap(\.confidence)
        let checkIns = CheckInSummary(record.checkIns, perspective, settings: settings)
        return ObjectiveStatus(
            id: objective.id, title: objective.title, team: objective.team, kind: objective.kind,
            parent: objective.parent, parents: objective.parents, strategy: objective.strategy,
            progressFrom: objective.progress, carriedFrom: objective.carriedFrom, score: sum.mean,
            confidence: confidences.isEmpty ? nil : Double(confidences.reduce(0, +)) / Double(confidences.count),
            lowestConfidence: confidences.min(), owner: objective.owner, krs: krs,
            checkInConfidence: checkIns.confidence, checkInStatus: checkIns.status, checkInAt: checkIns.at,
            confidenceTrend: checkIns.confidenceTrend)
    }
}
