/// What a hook can be told of (SPEC §13 `--events`).
enum HookKind: String, CaseIterable, Codable, Sendable {
    case checkin
    case krPace = "kr.pace"
    case confidenceDrop = "confidence.drop"
    case insightExpired = "insight.expired"
    case feedQuiet = "feed.quiet"
    case kpiHealth = "kpi.health"
    case cycleClosed = "cycle.closed"
    case due
    case digest
    /// A check-in or retrospective for its author's reviewer to acknowledge (SPEC §15).
    case inbox
    /// `hook test`: sent at once, never chosen with `--events`.
    case test

    /// The kinds `--events` may name, in the order `hook list` shows them.
    static let selectable: [HookKind] = allCases.filter { $0 != .test }

    /// A check-in whose confidence fell by this much or more is a `confidence.drop`.
    static let confidenceDropThreshold = 2
}
