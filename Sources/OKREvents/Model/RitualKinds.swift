/// Whether a review is the mid-cycle check or the closing conversation (SPEC §15).
public enum ReviewKind: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case mid
    case close

    public var code: UInt8 { self == .mid ? 1 : 2 }
    public init?(code: UInt8) {
        switch code {
        case 1: self = .mid
        case 2: self = .close
        default: return nil
        }
    }
}

/// How an objective ended, as its retrospective says (SPEC §15).
public enum RetrospectiveOutcome: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case accomplished
    case missed
    case postponed
    case dropped

    public var code: UInt8 {
        switch self {
        case .accomplished: 1
        case .missed: 2
        case .postponed: 3
        case .dropped: 4
        }
    }

    public init?(code: UInt8) {
        switch code {
        case 1: self = .accomplished
        case 2: self = .missed
        case 3: self = .postponed
        case 4: self = .dropped
        default: return nil
        }
    }
}

/// How an initiative ended: its work done, or given up.
public enum InitiativeOutcome: String, CaseIterable, Codable, Hashable, Sendable, StableCode {
    case done
    case dropped

    public var code: UInt8 { self == .done ? 1 : 2 }
    public init?(code: UInt8) {
        switch code {
        case 1: self = .done
        case 2: self = .dropped
        default: return nil
        }
    }
}
