import CLMDB

/// The `idempotency` database: each idempotency key ever appended, with the seq of its event and
/// whether that event's time was given. The writer looks a request's keys up
/// (``repeats(of:sameContent:event:in:)``) before it writes anything, then records the new ones
/// (``record(_:_:outcomes:explicitTime:in:)``) in the same transaction.
struct IdempotencyIndex: Sendable {
    let database: LMDBDatabase
    /// Where a repeated key's original event is read, to compare contents.
    let records: RecordStore

    /// Finds, in key order through one cursor, each keyed entry that repeats a stored event or
    /// an earlier entry, and checks that a repeat has the same content (`sameContent(entry,
    /// earlier)`; against a stored event, the event `event(entry)` describes). A conflict is thrown.
    ///
    /// Key order walks the B-tree from left to right: its pages are in the CPU's cache, and LMDB
    /// finds a key on the cursor's page without a descent from the root (BENCHMARKS.md).
    func repeats(of keys: RequestKeys, sameContent: (Int, Int) -> Bool, event: (Int) -> NewEvent,
                 in transaction: LMDBTransaction) throws -> Repeats {
        var keyed = keys.ranges.indices.filter { keys.ranges[$0] != nil }
        guard !keyed.isEmpty else { return Repeats() }
        var repeats = Repeats(of: Array(repeating: nil, count: keys.ranges.count))
        try keys.text.withUnsafeBytes { text in
            func key(_ index: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: text[keys.ranges[index]!]) }
            keyed.sort {
                let order = StorageKeys.compare(key($0), key($1))
                return order == 0 ? $0 < $1 : order < 0
            }
            repeats.newKeys.reserveCapacity(keyed.count)
            var leader = -1
            try transaction.withCursor(database) { cursor in
                for (position, index) in keyed.enumerated() {
                    if position > 0, StorageKeys.compare(key(keyed[position - 1]), key(index)) == 0 {
                        // Same key as an earlier entry: it repeats whatever that one repeats (the
                        // stored event it matched has the same content).
                        guard sameContent(index, leader) else {
                            throw EventLogError(.idempotencyConflict,
                                "idempotency key '\(String(decoding: key(index), as: UTF8.self))' is used twice in one request with different content")
                        }
                        if case .stored(let original)? = repeats.of[leader] {
                            repeats.of[index] = .stored(original)
                        } else {
                            repeats.of[index] = .earlier(leader)
                        }
                        continue
                    }
                    leader = index
                    if let original = try existing(key(index), for: event(index), in: transaction, cursor: &cursor) {
                        repeats.of[index] = .stored(original)
                    } else {
                        repeats.newKeys.append(index)
                    }
                }
            }
        }
        return repeats
    }

    /// Records each new key of `repeats`, in key order through one cursor: its entry's seq (from
    /// `outcomes`) and whether the entry's time was given (`explicitTime`).
    func record(_ keys: RequestKeys, _ repeats: Repeats, outcomes: [AppendOutcome], explicitTime: (Int) -> Bool,
                in transaction: LMDBTransaction) throws {
        guard !repeats.newKeys.isEmpty else { return }
        try keys.text.withUnsafeBytes { text in
            try transaction.withCursor(database) { cursor in
                for index in repeats.newKeys {
                    var value = (outcomes[index].seq.bigEndian, UInt8(explicitTime(index) ? 1 : 0))
                    try withUnsafeBytes(of: &value) { value in
                        try cursor.put(UnsafeRawBufferPointer(rebasing: text[keys.ranges[index]!]),
                                       UnsafeRawBufferPointer(rebasing: value[0..<9]))
                    }
                }
            }
        }
    }

    /// The earlier outcome for a repeated idempotency key, `nil` for a new key, or a conflict.
    func existing(_ keyBytes: UnsafeRawBufferPointer, for event: @autoclosure () -> NewEvent, in transaction: LMDBTransaction,
                  cursor: inout LMDBCursor) throws -> AppendOutcome? {
        var key: String { String(decoding: keyBytes, as: UTF8.self) }  // for messages only
        guard !keyBytes.isEmpty, keyBytes.count <= StorageKeys.maxIndexedTextBytes else {
            throw EventLogError(.invalidEvent, "an idempotency key must be 1 to \(StorageKeys.maxIndexedTextBytes) bytes")
        }
        guard let stored = try cursor.value(at: keyBytes),
              stored.count == 9, let seq = StorageKeys.seq(fromKey: UnsafeRawBufferPointer(rebasing: stored[0..<8]))
        else { return nil }
        let explicitTime = stored[8] & 1 != 0
        let original = try records.event(seq, pointedAtBy: "idempotency key '\(key)'", in: transaction)
        let event = event()
        let sameTime = event.effectiveAt == nil ? !explicitTime : (explicitTime && event.effectiveAt == original.effectiveAt)
        guard original.payload == event.payload, sameTime else {
            throw EventLogError(.idempotencyConflict,
                "idempotency key '\(key)' was already used by seq \(seq) with different content", seq: seq)
        }
        return AppendOutcome(seq: seq, id: original.id, duplicate: true)
    }
}
