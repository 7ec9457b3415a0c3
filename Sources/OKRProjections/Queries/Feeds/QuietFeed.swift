import OKREvents

/// The one rule for a key result's feed gone quiet (SPEC §4 OKR005), shared by `lint`, `due` and
/// `digest`: no observation for longer than the staleness limit; a metric never observed is
/// quiet once the cycle is older than the limit.
public enum QuietFeed {
    /// The instant from which the feed counts as quiet at `t`, or `nil` while it is not.
    public static func since(lastObservedAt last: Instant?, cycleStart start: Instant, at t: Instant,
                             settings: ProjectionSettings) -> Instant? {
        let quietFrom = (last ?? start).adding(seconds: settings.metricStalenessSeconds)
        return t > quietFrom ? quietFrom : nil
    }
}
