import OKREvents

/// Whether a KPI's value lies in its band (SPEC §14).
public enum KPIHealth: String, Codable, Hashable, Sendable {
    case healthy
    case unhealthy
    /// No observation in the window.
    case unknown
}

/// One change of a KPI's health: from `at` on it was `health`, its value `value`.
public struct KPIHealthChange: Codable, Hashable, Sendable {
    public var at: Instant
    public var health: KPIHealth
    public var value: Double?

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(health, forKey: .health)
        try container.encode(value, forKey: .value)
    }
}

extension OKRModel {
    /// Every change of `kpi`'s health from its definition to the perspective's instant (or its
    /// retirement), the first entry being its health when defined.
    ///
    /// The value at t is the mean of the observations with effectiveAt in (t − window, t], so it
    /// can change only where an observation enters the window (at its time), where one leaves it
    /// (a window after its time), and where the KPI's settings change; it is worked out at each
    /// of those instants, and only there.
    public func healthChanges(of kpi: KPIRecord, _ perspective: Perspective) -> [KPIHealthChange] {
        let end = min(perspective.asOf, kpi.retirement(perspective)?.stamp.effectiveAt ?? .distantFuture)
        let segments = kpi.segments(perspective)
        var changes: [KPIHealthChange] = []
        for (index, segment) in segments.enumerated() {
            let segmentEnd = index + 1 < segments.count ? segments[index + 1].from.adding(microseconds: -1) : end
            guard segment.from <= segmentEnd else { continue }
            let window = Int64(segment.state.window) * DaySummary.microsecondsPerDay
            let observations = self.observations(of: segment.state.metric, perspective,
                                                  from: segment.from.adding(microseconds: -window + 1), through: segmentEnd)
            var instants = [segment.from]
            for observation in observations {
                if observation.effectiveAt > segment.from { instants.append(observation.effectiveAt) }
                let leaves = observation.effectiveAt.adding(microseconds: window)
                if leaves > segment.from, leaves <= segmentEnd { instants.append(leaves) }
            }
            instants.sort()
            var (low, high) = (0, 0)
            var previous: Instant?
            for instant in instants where instant != previous {
                previous = instant
                // The window (instant − window, instant]: observations [low, high).
                while high < observations.count, observations[high].effectiveAt <= instant { high += 1 }
                while low < high, observations[low].effectiveAt <= instant.adding(microseconds: -window) { low += 1 }
                let value = Self.mean(observations[low..<high])
                let health = value.map { segment.state.holds($0) ? KPIHealth.healthy : .unhealthy } ?? .unknown
                if changes.last?.health != health { changes.append(KPIHealthChange(at: instant, health: health, value: value)) }
            }
        }
        return changes
    }

    /// `kpi`'s value at `instant` under its settings then: the mean of its metric's observations
    /// in (instant − window, instant]; `nil` when there are none.
    public func kpiValue(_ state: KPIState, at instant: Instant, _ perspective: Perspective) -> Double? {
        let window = Int64(state.window) * DaySummary.microsecondsPerDay
        let seen = Perspective(asOf: instant, knownAt: perspective.knownAt)
        return Self.mean(observations(of: state.metric, seen, from: instant.adding(microseconds: -window + 1), through: instant)[...])
    }

    private static func mean(_ observations: ArraySlice<IndexedObservation>) -> Double? {
        guard !observations.isEmpty else { return nil }
        return observations.reduce(0) { $0 + $1.value } / Double(observations.count)
    }
}

extension OKRModel {
    /// The changes of health of every KPI (one team's or owner's) with `from < at ≤ through`,
    /// in time order; a KPI's definition counts as a change from nothing.
    public func kpiHealthChanges(from: Instant, through: Instant, _ perspective: Perspective, team: String? = nil,
                                 owner: String? = nil) -> [DigestReport.KPIChange] {
        var found: [DigestReport.KPIChange] = []
        for record in kpis.values {
            guard let state = record.current(perspective), team == nil || state.team == team, owner == nil || state.owner == owner else { continue }
            var previous: KPIHealth?
            for change in healthChanges(of: record, perspective) {
                defer { previous = change.health }
                guard change.at > from, change.at <= through else { continue }
                found.append(DigestReport.KPIChange(kpi: state.id, name: state.name, metric: state.metric, owner: state.owner, team: state.team,
                                                    at: change.at, from: previous, to: change.health, value: change.value))
            }
        }
        return found.sorted { ($0.at, $0.kpi) < ($1.at, $1.kpi) }
    }
}
