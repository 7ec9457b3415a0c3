/// What an entry with an idempotency key (or identified by its content) repeats.
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

/// One request's entries, looked up in the idempotency index (``IdempotencyIndex``) and by
/// content (``ContentIdentity``).
struct Repeats {
    /// What each entry repeats, by index (`nil`: it is new); empty when no entry repeats anything.
    var of: [Repeat?] = []
    /// The entries whose key is seen for the first time, in key order.
    var newKeys: [Int] = []
}
