import OKREvents

/// The formulas of SPEC §3 on plain numbers, so each can be checked by hand.
public enum KeyResultMath {
    /// `(current − baseline) / (target − baseline)`, unclamped; `nil` when target equals baseline.
    public static func progress(current: Double, baseline: Double, target: Double) -> Double? {
        let span = target - baseline
        guard span != 0 else { return nil }
        return (current - baseline) / span
    }

    /// `value` limited to `[low, high]`.
    public static func clamp(_ value: Double, _ low: Double = 0, _ high: Double = 1) -> Double {
        min(max(value, low), high)
    }

    /// Where `value` sits between `low` and `high`, from 0 to 1, for drawing: finite whatever the
    /// numbers (a range of ±1e308 overflows `high − low`, so it is halved first); ½ when the
    /// range is empty.
    public static func position(_ value: Double, low: Double, high: Double) -> Double {
        guard high > low else { return 0.5 }
        let span = high - low
        let share = span.isFinite ? (value - low) / span : (value / 2 - low / 2) / (high / 2 - low / 2)
        return share.isFinite ? clamp(share) : 0.5
    }

    /// Linear pace through the cycle: `clamp((t − S) / (E − S), 0, 1)`.
    public static func expected(at t: Double, start: Double, end: Double) -> Double {
        guard end > start else { return 1 }
        return clamp((t - start) / (end - start))
    }

    /// The score of a key result of `kind` at `current`: progress clamped to [0, 1] (`nil` without
    /// a baseline or with target equal to it), or 1 / 0 for a threshold held or not.
    public static func score(_ kind: KeyResultKind, current: Double, baseline: Double?, target: Double) -> Double? {
        switch kind {
        case .progress, .milestone:
            guard let baseline else { return nil }
            return progress(current: current, baseline: baseline, target: target).map { clamp($0) }
        case .atLeast, .atMost:
            return holds(current, target: target, atMost: kind == .atMost) ? 1 : 0
        }
    }

    /// Whether `current` holds a threshold key result's `target`.
    public static func holds(_ current: Double, target: Double, atMost: Bool) -> Bool {
        atMost ? current <= target : current >= target
    }

    /// Pace of a `progress` or `milestone` key result.
    public static func pace(score: Double?, expected: Double, settings: ProjectionSettings) -> Pace {
        guard let score else { return .noData }
        if score >= 1 { return .done }
        if expected == 0 { return .notStarted }
        let ratio = score / expected
        if ratio >= settings.onTrackRatio { return .onTrack }
        if ratio >= settings.atRiskRatio { return .atRisk }
        return .offTrack
    }

    /// Pace of a threshold (`at-least`/`at-most`) key result: on track while held.
    public static func thresholdPace(score: Double?) -> Pace {
        guard let score else { return .noData }
        return score >= 1 ? .onTrack : .offTrack
    }

    /// The ordinary least squares line through `points`: `nil` without two distinct `x`.
    ///
    /// Computed from centred sums (``MomentSums``), so that epoch-sized seconds lose no precision.
    public static func leastSquares(_ points: [(x: Double, y: Double)]) -> (slope: Double, intercept: Double, meanX: Double)? {
        MomentSums(points).line
    }

    /// The least squares line through `points` evaluated at `x`.
    public static func forecast(_ points: [(x: Double, y: Double)], at x: Double) -> Double? {
        forecast(MomentSums(points), at: x)
    }

    /// The least squares line of `sums` evaluated at `x`.
    public static func forecast(_ sums: MomentSums, at x: Double) -> Double? {
        guard let line = sums.line else { return nil }
        return line.intercept + line.slope * (x - line.meanX)
    }
}
