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
    /// Checks every record's key, the seq order (1, 2, 3 … without a gap) and every checksum, and
    /// returns the first damage (`nil`: the log is whole). Cheaper than ``verify()``: nothing is
    /// decoded and the indexes are not checked. okrd runs it after it starts, so that a damaged
    /// log is not served.
    public func firstDamage() throws(EventLogError) -> LogDamage? {
        var expected: UInt64 = 1
        var damage: LogDamage?
        do {
            try walkRecords { _, key, value in
                guard let seq = StorageKeys.seq(fromKey: key) else {
                    damage = LogDamage(seq: expected, reason: "a key of \(key.count) bytes where seq \(expected) should be")
                    return false
                }
                guard seq == expected else {
                    damage = LogDamage(seq: expected, reason: "seqs \(expected)…\(seq - 1) are missing")
                    return false
                }
                if let problem = EventRecord.damage(seq: seq, value) {
                    damage = LogDamage(seq: seq, reason: problem)
                    return false
                }
                expected += 1
                return true
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
        return damage
    }

    /// Calls `body` with every raw record of `events` in key order, ``EventLogOptions/readChunkSize``
    /// to a short read transaction, which `body` also gets (for lookups in other databases);
    /// `body` answers `false` to stop. For the whole-log checks (``verify()``, ``firstDamage()``).
    func walkRecords(_ body: (LMDBTransaction, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        var start = StorageKeys.seqKey(1)
        while true {
            let next: [UInt8]? = try environment.read { transaction in
                try transaction.withCursor(databases.events) { cursor in
                    var read = 0
                    var entry = try start.withUnsafeBytes { try cursor.move(MDB_SET_RANGE, key: $0) }
                    while let (key, value) = entry, read < options.readChunkSize {
                        read += 1
                        guard try body(transaction, key, value) else { return nil }
                        entry = try cursor.move(MDB_NEXT)
                    }
                    return entry.map { Array($0.key) }
                }
            }
            guard let next else { return }
            start = next
        }
    }
}
