import OKREvents

/// A key result's phased target (SPEC §10): the piecewise-linear path through `(S, baseline)`,
/// each checkpoint `(day 00:00 UTC, value)`, and `(E, target)`.
public struct PlannedPath: Sendable {
    /// The path's corners as (seconds since the epoch, value), by time.
    public let points: [(time: Double, value: Double)]

    /// The path of `checkpoints` between the cycle's start and end.
    public init(start: Instant, end: Instant, baseline: Double, target: Double, checkpoints: [PlanCheckpoint]) {
        var points = [(time: start.secondsSinceEpoch, value: baseline)]
        for checkpoint in checkpoints.sorted(by: { $0.day < $1.day }) {
            points.append((checkpoint.day.start.secondsSinceEpoch, checkpoint.value))
        }
        points.append((end.secondsSinceEpoch, target))
        self.points = points
    }

    /// The planned value at `t`: the baseline before the start, the target after the end, and
    /// the straight line between the two corners around `t` in between.
    public func value(at t: Double) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if t <= first.time { return first.value }
        if t >= last.time { return last.value }
        var index = 1
        while index < points.count - 1, points[index].time <= t { index += 1 }
        let (a, b) = (points[index - 1], points[index])
        guard b.time > a.time else { return b.value }
        return a.value + (b.value - a.value) * (t - a.time) / (b.time - a.time)
    }

    /// `expected` along the plan: `clamp((planned(t) − baseline) / (target − baseline), 0, 1)`.
    public func expected(at t: Double) -> Double {
        guard let baseline = points.first?.value, let target = points.last?.value, target != baseline else { return 1 }
        return KeyResultMath.clamp((value(at: t) - baseline) / (target - baseline))
    }
}
