import OKREvents

/// What the log says about one KPI (SPEC §14): its definition, each change and its retirement.
/// Unlike a key result's, a KPI's definition counts only from its `effectiveAt`.
public struct KPIRecord: Sendable {
    public var defined: Defined<KPIDefined>
    public var updates = Timeline<KPIUpdated>()
    public var retirements = Timeline<KPIRetired>()

    /// The KPI as it stands from `perspective`, or `nil` before it was defined.
    public func current(_ perspective: Perspective) -> KPIState? {
        guard perspective.sees(defined.stamp) else { return nil }
        var state = KPIState(defined.definition)
        for update in updates.visible(perspective) { state.apply(update.value) }
        return state
    }

    /// The retirement that counts from `perspective`, if any.
    public func retirement(_ perspective: Perspective) -> Timeline<KPIRetired>.Entry? { retirements.latest(perspective) }

    /// The instants from which the KPI's settings changed (its definition, then each update
    /// that counts from `perspective`), each with the settings from then on.
    func segments(_ perspective: Perspective) -> [(from: Instant, state: KPIState)] {
        guard perspective.sees(defined.stamp) else { return [] }
        var state = KPIState(defined.definition)
        var segments = [(from: defined.stamp.effectiveAt, state: state)]
        for update in updates.visible(perspective) {
            state.apply(update.value)
            let from = max(update.stamp.effectiveAt, defined.stamp.effectiveAt)
            if segments.last?.from == from { segments[segments.count - 1].state = state } else { segments.append((from, state)) }
        }
        return segments
    }
}

/// A KPI's settings at one instant.
public struct KPIState: Hashable, Sendable {
    public var id: String
    public var metric: String
    public var name: String
    public var team: String?
    public var owner: String?
    public var min: Double?
    public var max: Double?
    public var window: Int

    init(_ definition: KPIDefined) {
        (id, metric, name, team, owner) = (definition.id, definition.metric, definition.name, definition.team, definition.owner)
        (min, max, window) = (definition.min, definition.max, definition.window)
    }

    mutating func apply(_ update: KPIUpdated) {
        if let metric = update.metric { self.metric = metric }
        if let name = update.name { self.name = name }
        if let team = update.team { self.team = team.isEmpty ? nil : team }
        if let owner = update.owner { self.owner = owner.isEmpty ? nil : owner }
        if update.band { (min, max) = (update.min, update.max) }
        if let window = update.window { self.window = window }
    }

    /// Whether `value` lies in the band (bounds included).
    public func holds(_ value: Double) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }
}

/// Two metrics, the first declared to drive the second.
public struct MetricLink: Hashable, Sendable {
    public var leading: String
    public var lagging: String

    public init(leading: String, lagging: String) {
        self.leading = leading
        self.lagging = lagging
    }
}
