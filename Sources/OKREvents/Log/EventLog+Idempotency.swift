import CLMDB

/// The idempotency keys of one request, in one byte buffer: each entry's key as a range of it
/// (`nil`: no key). Both append paths build one — events copy their keys in, a batch lends its
/// own text — and share the lookup and the recording below.
struct RequestKeys {
    let text: [UInt8]
    let ranges: [Range<Int>?]

    /// The keys of `events`, copied into one buffer.
    init(_ events: [NewEvent]) {
        var text: [UInt8] = []
        var ranges: [Range<Int>?] = []
        ranges.reserveCapacity(events.count)
        for event in events {
            guard let key = event.idempotencyKey else {
                ranges.append(nil)
                continue
            }
            let start = text.count
            text.append(contentsOf: key.utf8)
            ranges.append(start..<text.count)
        }
        self.init(text: text, ranges: ranges)
    }

    init(text: [UInt8], ranges: [Range<Int>?]) {
        self.text = text
        self.ranges = ranges
    }
}

extension EventLog {
    /// What an entry with an idempotency key repeats.
    enum Repeat {
        /// An event already in the log: its outcome.
        case stored(AppendOutcome)
        /// An entry earlier in the same request: its index.
        case earlier(Int)

        /// The answer for the repeating entry, given the outcomes of the entries before it (an
        /// earlier entry of the request comes first, so its outcome is there).
        func outcome(after outcomes: [AppendOutcome]) -> AppendOutcome {
            switch self {
            case .stored(let original):
                return original
            case .earlier(let first):
                return AppendOutcome(seq: outcomes[first].seq, id: outcomes[first].id, duplicate: true)
            }
        }
    }

    /// The idempotency keys of one request, looked up.
    struct Repeats {
        /// What each entry repeats, by index (`nil`: it is new); empty when no entry has a key.
        var of: [Repeat?] = []
        /// The entries whose key is seen for the first time, in key order.
        var newKeys: [Int] = []
    }

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
            try transaction.withCursor(databases.idempotency) { cursor in
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
    func recordKeys(_ keys: RequestKeys, _ repeats: Repeats, outcomes: [AppendOutcome], explicitTime: (Int) -> Bool,
                in transaction: LMDBTransaction) throws {
        guard !repeats.newKeys.isEmpty else { return }
        try keys.text.withUnsafeBytes { text in
            try transaction.withCursor(databases.idempotency) { cursor in
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
        guard let record = try transaction.get(databases.events, StorageKeys.seqKey(seq)) else {
            throw EventLogError(.corrupt, "idempotency key '\(key)' points at missing seq \(seq)", seq: seq)
        }
        let original = try EventRecord.decode(seq: seq, record)
        let event = event()
        let sameTime = event.effectiveAt == nil ? !explicitTime : (explicitTime && event.effectiveAt == original.effectiveAt)
        guard original.payload == event.payload, sameTime else {
            throw EventLogError(.idempotencyConflict,
                "idempotency key '\(key)' was already used by seq \(seq) with different content", seq: seq)
        }
        return AppendOutcome(seq: seq, id: original.id, duplicate: true)
    }
}
