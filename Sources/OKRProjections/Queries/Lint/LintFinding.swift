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

/// One finding of `lint`: what rule, how bad, about what, and why, in words a product manager reads.
public struct LintFinding: Codable, Hashable, Sendable {
    public var code: String
    public var severity: Severity
    /// The team, objective, key result or cycle concerned.
    public var subject: String
    public var cycle: String
    public var message: String

    public init(code: String, severity: Severity, subject: String, cycle: String, message: String) {
        self.code = code
        self.severity = severity
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
