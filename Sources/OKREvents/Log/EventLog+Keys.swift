import CLMDB

/// Which idempotency keys the log already holds, for a writer that must tell what it would
/// append from what is already there before it appends (`okrctl import`): the log itself only
/// answers that for the events of one append, inside its commit.
extension EventLog {
    /// The stored event each of `keys` was appended with (`nil`: never used), read in one short
    /// transaction, walking the `idempotency` B-tree in key order through one cursor.
    public func events(forKeys keys: [String]) throws(EventLogError) -> [StoredEvent?] {
        var found = [StoredEvent?](repeating: nil, count: keys.count)
        let bytes = keys.map { Array($0.utf8) }
        let order = bytes.indices.sorted { StorageKeys.compare(bytes[$0], bytes[$1]) < 0 }
        do {
            try environment.read { transaction in
                try transaction.withCursor(databases.idempotency) { cursor in
                    for index in order {
                        let key = bytes[index]
                        guard !key.isEmpty, key.count <= StorageKeys.maxIndexedTextBytes else { continue }
                        let stored = try key.withUnsafeBytes { try cursor.value(at: $0) }
                        guard let stored, stored.count == 9,
                              let seq = StorageKeys.seq(fromKey: UnsafeRawBufferPointer(rebasing: stored[0..<8])) else { continue }
                        found[index] = try records.event(seq, pointedAtBy: "idempotency key '\(keys[index])'", in: transaction)
                    }
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
        return found
    }
}
