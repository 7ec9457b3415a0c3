/// How a key result is moving against the linear pace through its cycle (SPEC §3).
public enum Pace: String, Codable, CaseIterable, Hashable, Sendable {
    /// No observation of its metric yet.
    case noData = "no-data"
    /// Score 1: the target is reached.
    case done
    /// The cycle has not started (expected is 0).
    case notStarted = "not-started"
    case onTrack = "on-track"
    case atRisk = "at-risk"
    case offTrack = "off-track"
}
