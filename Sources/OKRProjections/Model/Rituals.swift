import OKREvents

/// The conversations around a cycle as the log has them (SPEC §15): reviews, retrospectives,
/// acknowledgements by reviewers, and the initiatives planned under key results.
public struct Rituals: Sendable {
    /// Reviews by id.
    public internal(set) var reviews: [String: Defined<ReviewStarted>] = [:]
    /// Per objective its retrospectives in effective-time order; the latest that counts wins.
    public internal(set) var retrospectives: [String: Timeline<Retrospective>] = [:]
    /// Initiatives by id.
    public internal(set) var initiatives: [String: InitiativeRecord] = [:]
    /// Per key result its initiatives' ids, in the order they were added.
    public internal(set) var initiativesByKeyResult: [String: [String]] = [:]
    /// Per acknowledged event (its seq) who acknowledged it, in the order they did.
    public internal(set) var acknowledgements: [UInt64: [Acknowledgement]] = [:]
    /// Per author the check-ins and retrospectives recorded while they had a reviewer, in seq
    /// order: what a reviewer's inbox is made of.
    public internal(set) var reviewItems: [String: [ReviewItem]] = [:]
    /// Seq of each item in ``reviewItems`` → its author, to find an item from an `ack`.
    public internal(set) var reviewItemAuthors: [UInt64: String] = [:]

    public init() {}

    /// The latest retrospective on `objective` that counts from `perspective`.
    public func retrospective(of objective: String, _ perspective: Perspective) -> Timeline<Retrospective>.Entry? {
        retrospectives[objective]?.latest(perspective)
    }

    /// The review item with `seq`, when it is one.
    public func reviewItem(seq: UInt64) -> ReviewItem? {
        guard let author = reviewItemAuthors[seq], let items = reviewItems[author] else { return nil }
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle].seq < seq { low = middle + 1 } else { high = middle }
        }
        return low < items.count && items[low].seq == seq ? items[low] : nil
    }

    /// The initiatives of `keyResult` known from `perspective`, in the order they were added.
    public func initiatives(of keyResult: String, _ perspective: Perspective) -> [InitiativeRecord] {
        (initiativesByKeyResult[keyResult] ?? []).compactMap { initiatives[$0] }.filter { perspective.knows($0.defined.stamp) }
    }

    mutating func start(_ review: ReviewStarted, at stamp: Stamp) {
        if reviews[review.id] == nil { reviews[review.id] = Defined(stamp: stamp, definition: review) }
    }

    mutating func record(_ retrospective: RetrospectiveRecorded, by author: String, at stamp: Stamp) {
        retrospectives[retrospective.objective, default: Timeline()].insert(Retrospective(data: retrospective, author: author), at: stamp)
    }

    mutating func add(_ initiative: InitiativeAdded, at stamp: Stamp) {
        guard initiatives[initiative.id] == nil else { return }
        initiatives[initiative.id] = InitiativeRecord(defined: Defined(stamp: stamp, definition: initiative))
        initiativesByKeyResult[initiative.kr, default: []].append(initiative.id)
    }

    mutating func close(_ closed: InitiativeClosed, at stamp: Stamp) {
        initiatives[closed.id]?.closes.insert(closed, at: stamp)
    }

    mutating func acknowledge(_ acknowledged: Acknowledged, by person: String, at stamp: Stamp) {
        acknowledgements[acknowledged.seq, default: []].append(Acknowledgement(by: person, note: acknowledged.note, stamp: stamp))
    }

    /// Notes a check-in or retrospective for its author's reviewer.
    mutating func collect(_ item: ReviewItem) {
        reviewItems[item.author, default: []].append(item)
        reviewItemAuthors[item.seq] = item.author
    }
}

/// One retrospective and who recorded it.
public struct Retrospective: Hashable, Sendable {
    public var data: RetrospectiveRecorded
    public var author: String
}

/// What the log says about one initiative.
public struct InitiativeRecord: Sendable {
    public var defined: Defined<InitiativeAdded>
    public var closes = Timeline<InitiativeClosed>()

    /// How it ended as of the perspective; `nil` while it is open.
    public func outcome(_ perspective: Perspective) -> InitiativeOutcome? { closes.latest(perspective)?.value.outcome }
}

/// A reviewer's acknowledgement of one check-in or retrospective.
public struct Acknowledgement: Hashable, Sendable {
    public var by: String
    public var note: String?
    public var stamp: Stamp
}

/// A check-in or retrospective its author's reviewer is to read (SPEC §15).
public struct ReviewItem: Hashable, Sendable {
    /// Which of the two it is; the names `inbox --json` uses.
    public enum Kind: String, Codable, Hashable, Sendable {
        case checkin
        case retro
    }

    public var seq: UInt64
    public var kind: Kind
    public var author: String
    /// The key result or objective it speaks of.
    public var subject: String
    public var at: Instant
    public var note: String?
}
