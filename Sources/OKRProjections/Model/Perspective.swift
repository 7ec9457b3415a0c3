import OKREvents

/// The two instants every query is answered for (SPEC §3): what the world looked like *as of* `asOf`,
/// using what the log had recorded by `knownAt`.
///
/// Definitions (cycles, north stars, strategy choices, objectives, key results) count when
/// recorded by `knownAt`, whatever `asOf`; every other event also needs `effectiveAt ≤ asOf`.
public struct Perspective: Hashable, Sendable {
    public var asOf: Instant
    public var knownAt: Instant

    public init(asOf: Instant, knownAt: Instant) {
        self.asOf = asOf
        self.knownAt = knownAt
    }

    /// As of `instant`, with everything known at it.
    public init(at instant: Instant) {
        self.init(asOf: instant, knownAt: instant)
    }

    /// Whether a definition recorded at `stamp` is known.
    public func knows(_ stamp: Stamp) -> Bool { stamp.recordedAt <= knownAt }

    /// Whether a non-definition event stamped `stamp` counts.
    public func sees(_ stamp: Stamp) -> Bool { stamp.recordedAt <= knownAt && stamp.effectiveAt <= asOf }
}

/// Where an event sits in the log and in time.
public struct Stamp: Hashable, Sendable {
    public var seq: UInt64
    public var effectiveAt: Instant
    public var recordedAt: Instant

    public init(seq: UInt64, effectiveAt: Instant, recordedAt: Instant) {
        self.seq = seq
        self.effectiveAt = effectiveAt
        self.recordedAt = recordedAt
    }

    /// The stamp of a stored event.
    public init(_ event: StoredEvent) {
        self.init(seq: event.seq, effectiveAt: event.effectiveAt, recordedAt: event.recordedAt)
    }

    /// Order in time: by effective time, ties by seq (SPEC §3).
    public static func precedes(_ lhs: Stamp, _ rhs: Stamp) -> Bool {
        (lhs.effectiveAt, lhs.seq) < (rhs.effectiveAt, rhs.seq)
    }
}
