import OKREvents

extension Evaluator {
    /// A key result's pace alone (SPEC §3), as ``evaluate(_:in:_:settings:)-(KeyResultRecord,_,_,_)``
    /// finds it but without the forecast, the threshold's share held and the check-ins: what a
    /// hook asks at every commit that may move it, where the whole status would cost ten times more.
    public func pace(of record: KeyResultRecord, in cycle: CycleRecord, _ perspective: Perspective,
                     settings: ProjectionSettings = ProjectionSettings()) -> Pace {
        let keyResult = record.current(perspective)
        guard let current = model.latestObservation(of: keyResult.metric, perspective, through: cycle.end)?.value else { return .noData }
        let baseline = self.baseline(of: keyResult, in: cycle, perspective)
        guard let score = KeyResultMath.score(keyResult.kind, current: current, baseline: baseline, target: keyResult.target),
              score.isFinite else { return .noData }
        switch keyResult.kind {
        case .progress, .milestone:
            let checkpoints = record.plan(perspective)
            let plannedPath = keyResult.kind == .progress && !checkpoints.isEmpty
                ? baseline.map { PlannedPath(start: cycle.start, end: cycle.end, baseline: $0, target: keyResult.target, checkpoints: checkpoints) }
                : nil
            let expected = plannedPath?.expected(at: perspective.asOf.secondsSinceEpoch) ?? KeyResultMath.expected(
                at: perspective.asOf.secondsSinceEpoch, start: cycle.start.secondsSinceEpoch, end: cycle.end.secondsSinceEpoch)
            return KeyResultMath.pace(score: score, expected: expected, settings: settings)
        case .atLeast, .atMost:
            return KeyResultMath.thresholdPace(score: score)
        }
    }
}
