import OKREvents

/// How much a finding matters; `lint --fail-on` exits 4 at or above a chosen one.
public enum Severity: String, Codable, CaseIterable, Comparable, Hashable, Sendable {
    case info
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The checks of SPEC §4, each with a stable code and a fixed severity.
public enum LintRule: String, Codable, CaseIterable, Hashable, Sendable {
    case tooManyObjectives = "OKR001"
    case keyResultCount = "OKR002"
    case allOutputs = "OKR003"
    case allLagging = "OKR004"
    case staleMetric = "OKR005"
    case missingCheckIn = "OKR006"
    case repeatedKPI = "OKR007"
    case unaligned = "OKR008"
    case expiredInsight = "OKR009"
    case confidenceDisagrees = "OKR010"
    case goalpostMoved = "OKR011"
    case sandbagging = "OKR012"

    /// The rule's stable code, e.g. `OKR005`.
    public var code: String { rawValue }

    /// A dead feed makes every number wrong: an error. Style advice is info; the rest are warnings.
    public var severity: Severity {
        switch self {
        case .staleMetric: .error
        case .allLagging, .repeatedKPI: .info
        default: .warning
        }
    }
}

/// One finding of `lint`: what rule, how bad, about what, and why, in words a product manager reads.
public struct LintFinding: Codable, Hashable, Sendable {
    public var code: String
    public var severity: Severity
    /// The team, objective, key result or cycle concerned.
    public var subject: String
    public var cycle: String
    public var message: String

    public init(_ rule: LintRule, subject: String, cycle: String, message: String) {
        code = rule.code
        severity = rule.severity
        self.subject = subject
        self.cycle = cycle
        self.message = message
    }
}

/// The answer to `lint`.
public struct LintReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    public var findings: [LintFinding]

    public init(asOf: Instant, findings: [LintFinding]) {
        self.asOf = asOf
        self.findings = findings
    }

    /// Whether any finding is at or above `severity`.
    public func hasFindings(atOrAbove severity: Severity) -> Bool { findings.contains { $0.severity >= severity } }
}
