/// The tunable numbers of SPEC §3, from the daemon's configuration.
public struct ProjectionSettings: Hashable, Sendable, Codable {
    /// `score / expected` at or above this is on track (default 0.9).
    public var onTrackRatio: Double = 0.9
    /// `score / expected` at or above this (and below on-track) is at risk (default 0.6).
    public var atRiskRatio: Double = 0.6
    /// A confidence older than this is stale (default 7 days).
    public var checkInIntervalSeconds: Double = 7 * 86_400
    /// A metric with no observation for longer than this has gone quiet (OKR005, feeds; default 7 days).
    public var metricStalenessSeconds: Double = 7 * 86_400
    /// The rule of 3–5: more active objectives per team and cycle than this is OKR001.
    public var maxObjectivesPerTeam: Int = 5
    /// Fewer or more active key results per objective than these is OKR002.
    public var minKeyResults: Int = 2
    public var maxKeyResults: Int = 5

    public init(onTrackRatio: Double = 0.9, atRiskRatio: Double = 0.6, checkInIntervalSeconds: Double = 7 * 86_400,
                metricStalenessSeconds: Double = 7 * 86_400, maxObjectivesPerTeam: Int = 5,
                minKeyResults: Int = 2, maxKeyResults: Int = 5) {
        self.onTrackRatio = onTrackRatio
        self.atRiskRatio = atRiskRatio
        self.checkInIntervalSeconds = checkInIntervalSeconds
        self.metricStalenessSeconds = metricStalenessSeconds
        self.maxObjectivesPerTeam = maxObjectivesPerTeam
        self.minKeyResults = minKeyResults
        self.maxKeyResults = maxKeyResults
    }
}
