/// Whether an objective must be met in full or is a stretch (SPEC §1). Committed objectives are
/// expected to reach 1.0; aspirational ones aim for 0.6–0.7.
public enum ObjectiveKind: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case committed
    case aspirational

    public var code: UInt8 { self == .committed ? 1 : 2 }
    public init?(code: UInt8) {
        switch code {
        case 1: self = .committed
        case 2: self = .aspirational
        default: return nil
        }
    }
}

/// How a key result is scored (SPEC §3): moving a metric from baseline to target, keeping it
/// above or below a threshold, or reaching a yes/no milestone.
public enum KeyResultKind: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case progress
    case atLeast = "at-least"
    case atMost = "at-most"
    case milestone

    public var code: UInt8 {
        switch self {
        case .progress: 1
        case .atLeast: 2
        case .atMost: 3
        case .milestone: 4
        }
    }

    public init?(code: UInt8) {
        switch code {
        case 1: self = .progress
        case 2: self = .atLeast
        case 3: self = .atMost
        case 4: self = .milestone
        default: return nil
        }
    }

    /// `at-least` and `at-most` keep a health metric on one side of a threshold.
    public var isThreshold: Bool { self == .atLeast || self == .atMost }
}

/// A key result's level: impact (area of contribution), outcome (sphere of influence) or output (zone of control).
public enum KeyResultLevel: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case impact
    case outcome
    case output

    public var code: UInt8 {
        switch self {
        case .impact: 1
        case .outcome: 2
        case .output: 3
        }
    }

    public init?(code: UInt8) {
        switch code {
        case 1: self = .impact
        case 2: self = .outcome
        case 3: self = .output
        default: return nil
        }
    }
}

/// Whether a key result's metric moves inside the cycle (leading) or only after it (lagging).
public enum Indicator: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case leading
    case lagging

    public var code: UInt8 { self == .leading ? 1 : 2 }
    public init?(code: UInt8) {
        switch code {
        case 1: self = .leading
        case 2: self = .lagging
        default: return nil
        }
    }
}

/// Where an objective's score comes from (SPEC §10): its key results, its child objectives
/// (weighted by their alignment weights), or both together.
public enum ProgressSource: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case krs
    case children
    case both

    public var code: UInt8 {
        switch self {
        case .krs: 1
        case .children: 2
        case .both: 3
        }
    }

    public init?(code: UInt8) {
        switch code {
        case 1: self = .krs
        case 2: self = .children
        case 3: self = .both
        default: return nil
        }
    }
}

/// What a check-in says about a key result in words (SPEC §10), beside or instead of a confidence.
public enum CheckInStatus: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case offTrack = "off-track"

    public var code: UInt8 {
        switch self {
        case .onTrack: 1
        case .atRisk: 2
        case .offTrack: 3
        }
    }

    public init?(code: UInt8) {
        switch code {
        case 1: self = .onTrack
        case 2: self = .atRisk
        case 3: self = .offTrack
        default: return nil
        }
    }
}
