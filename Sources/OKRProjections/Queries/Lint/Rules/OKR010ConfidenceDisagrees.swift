import OKREvents

/// OKR010: confidence and pace disagree: a confidence of 7 or more while off-track, or of 3 or
/// less while on-track.
enum ConfidenceDisagrees: LintCheck {
    static let code = "OKR010"
    static let severity = Severity.warning

    static func findings(in cycle: LintCycle) -> [LintFinding] {
        cycle.keyResults.compactMap { _, keyResult in
            let (id, status) = (keyResult.definition.id, keyResult.status)
            guard let confidence = status.confidence else { return nil }
            if confidence >= 7, status.pace == .offTrack {
                return finding(id, in: cycle, "\(id) is off-track yet its confidence is \(confidence)/10: is the data or the confidence wrong?")
            }
            if confidence <= 3, status.pace == .onTrack {
                return finding(id, in: cycle, "\(id) is on-track yet its confidence is \(confidence)/10: "
                    + "what does the team know that the numbers don't?")
            }
            return nil
        }
    }
}
