/// The first damaged or missing record of a log, as ``EventLog/firstDamage()`` finds it.
public struct LogDamage: Hashable, Sendable, CustomStringConvertible {
    /// The lowest seq that is damaged or missing: the log is whole up to `seq − 1`.
    public var seq: UInt64
    /// What is wrong with it.
    public var reason: String

    public init(seq: UInt64, reason: String) {
        self.seq = seq
        self.reason = reason
    }

    public var description: String { "seq \(seq): \(reason)" }
}
