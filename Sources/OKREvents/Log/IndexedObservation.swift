/// One observation as the per-metric time index holds it: enough for as-of queries and KR
/// histories without decoding events.
public struct IndexedObservation: Hashable, Sendable {
    public var seq: UInt64
    public var effectiveAt: Instant
    public var recordedAt: Instant
    public var value: Double

    public init(seq: UInt64, effectiveAt: Instant, recordedAt: Instant, value: Double) {
        self.seq = seq
        self.effectiveAt = effectiveAt
        self.recordedAt = recordedAt
        self.value = value
    }
}
