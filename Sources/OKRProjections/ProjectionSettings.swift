/// The tunable numbers of SPEC §3, from the daemon's configuration.
public struct ProjectionSettings: Hashable, Sendable, Codable {
    /// `score / expected` at or above this is on track (default 0.9).
    public var onTrackRatio: Double = 0.9
    /// `score / expected` at or above this (and below on-track) is at risk (default 0.6).
    public var atRiskRatio: Double = 0.6
    /// A confidence older than this is stale (default 7 days).
    public var checkInIntervalSeconds: Double = 7 * 86_400

    public init(onTrackRatio: Double = 0.9, atRiskRatio: Double = 0.6, checkInIntervalSeconds: Double = 7 * 86_400) {
        self.onTrackRatio = onTrackRatio
        self.atRiskRatio = atRiskRatio
        self.checkInIntervalSeconds = checkInIntervalSeconds
    }
}
