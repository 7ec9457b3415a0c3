import CLMDB

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

extension EventLog {
    /// Checks every record's key, the seq order (1, 2, 3 … without a gap) and every checksum, in
    /// short read transactions, and returns the first damage (`nil`: the log is whole). Cheaper
    /// than ``verify()``: nothing is decoded and the indexes are not checked. okrd runs it when it
    /// starts, so a damaged log is not served.
    public func firstDamage() throws(EventLogError) -> LogDamage? {
        var expected: UInt64 = 1
        while true {
            let start = StorageKeys.seqKey(expected)
            let (read, damage): (Int, LogDamage?)
            do {
                (read, damage) = try environment.read { transaction in
                    try transaction.withCursor(databases.events) { cursor in
                        var read = 0
                        var entry = try start.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                        while let (key, value) = entry, read < options.readChunkSize {
                            read += 1
                            guard let seq = StorageKeys.seq(fromKey: key) else {
                                return (read, LogDamage(seq: expected, reason: "a key of \(key.count) bytes where seq \(expected) should be"))
                            }
                            guard seq == expected else {
                                return (read, LogDamage(seq: expected, reason: "seqs \(expected)…\(seq - 1) are missing"))
                            }
                            if let problem = EventRecord.damage(seq: seq, value) {
                                return (read, LogDamage(seq: seq, reason: problem))
                            }
                            expected += 1
                            entry = try cursor.move(MDB_NEXT)
                        }
                        return (read, nil)
                    }
                }
            } catch {
                throw EventLogError.wrapping(error)
            }
            if let damage { return damage }
            if read < options.readChunkSize { return nil }
        }
    }
}
