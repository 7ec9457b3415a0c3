import OKREvents

/// A definition and the stamp of the event that made it.
public struct Defined<Definition: Sendable>: Sendable {
    public var stamp: Stamp
    public var definition: Definition
}

/// What the log says about one cycle.
public struct CycleRecord: Sendable {
    public var defined: Defined<CycleDefined>
    public var closes = Timeline<CycleClosed>()
    /// The first instant of the cycle: its start date's, in the organisation's calendar (SPEC §15).
    public private(set) var start: Instant
    /// The instant after the cycle's last day: the first instant of the day after its end date.
    public private(set) var end: Instant

    init(defined: Defined<CycleDefined>, calendar: LocalCalendar) {
        self.defined = defined
        start = calendar.start(of: defined.definition.start)
        end = calendar.end(of: defined.definition.end)
    }

    /// Places the cycle's days in `calendar`'s time.
    mutating func place(in calendar: LocalCalendar) {
        start = calendar.start(of: defined.definition.start)
        end = calendar.end(of: defined.definition.end)
    }
}

/// What the log says about one objective.
public struct ObjectiveRecord: Sendable {
    public var defined: Defined<ObjectiveCreated>
    public var updates = Timeline<ObjectiveUpdated>()
    public var drops = Timeline<ObjectiveDropped>()
    /// Changes to its parents after its definition, in effective-time order.
    public var alignments = Timeline<AlignmentChange>()
    /// Its own check-ins (SPEC §15), beside the ones on its key results.
    public var checkIns = Timeline<CheckIn>()

    /// The objective as it stood: the definition with the updates and alignments that count applied in order.
    public func current(_ perspective: Perspective) -> ObjectiveCreated {
        var objective = defined.definition
        for entry in updates.visible(perspective) {
            let update = entry.value
            if let title = update.title { objective.title = title }
            if let kind = update.kind { objective.kind = kind }
            if let strategy = update.strategy { objective.strategy = strategy.isEmpty ? nil : strategy }
            if let owner = update.owner { objective.owner = owner.isEmpty ? nil : owner }
            if let progress = update.progress { objective.progress = progress }
        }
        if !alignments.entries.isEmpty { objective.parents = parents(perspective) }
        return objective
    }

    /// Its parents as they stood: the defined ones with the alignment changes that count applied.
    public func parents(_ perspective: Perspective) -> [ObjectiveParent] {
        var parents = defined.definition.parents
        for entry in alignments.visible(perspective) {
            switch entry.value {
            case .replaced(let links):
                parents = links
            case .aligned(let link):
                if let index = parents.firstIndex(where: { $0.id == link.parent }) {
                    parents[index].weight = link.weight
                } else {
                    parents.append(ObjectiveParent(id: link.parent, weight: link.weight))
                }
            case .unaligned(let link):
                parents.removeAll { $0.id == link.parent }
            }
        }
        return parents
    }
}

/// One change to an objective's parents.
public enum AlignmentChange: Sendable {
    /// The old single-parent update: every parent replaced (`ObjectiveUpdated.parent`).
    case replaced([ObjectiveParent])
    case aligned(ObjectiveAligned)
    case unaligned(ObjectiveUnaligned)
}

/// A check-in as the projections use it.
public struct CheckIn: Hashable, Sendable {
    /// 0–10; `nil` for a check-in with a status or a note alone.
    public var confidence: Int?
    public var note: String?
    public var author: String
    public var status: CheckInStatus?
}

/// What the log says about one key result.
public struct KeyResultRecord: Sendable {
    public var defined: Defined<KeyResultCreated>
    public var updates = Timeline<KeyResultUpdated>()
    public var retargets = Timeline<KeyResultRetargeted>()
    public var drops = Timeline<KeyResultDropped>()
    public var checkIns = Timeline<CheckIn>()
    public var moves = Timeline<KeyResultMoved>()
    /// Its planned paths; the latest known is in force (an empty one clears it).
    public var plans = Timeline<KeyResultPlanned>()

    /// The checkpoints of the plan in force from `perspective` (empty without one). A plan is part
    /// of the key result's definition: like the definition it holds for the whole cycle once
    /// known, whatever the as-of instant (`--known-at` before it shows the plan as it was).
    public func plan(_ perspective: Perspective) -> [PlanCheckpoint] {
        var latest: Timeline<KeyResultPlanned>.Entry?
        for entry in plans.entries where perspective.knows(entry.stamp) && entry.stamp.seq > (latest?.stamp.seq ?? 0) {
            latest = entry
        }
        return latest?.value.checkpoints ?? []
    }

    /// The objective it counts toward from `perspective`: the latest move's, else its own.
    public func objective(_ perspective: Perspective) -> String {
        moves.latest(perspective)?.value.objective ?? defined.definition.objective
    }

    /// The key result as it stood: updates and retargets that count applied in order.
    public func current(_ perspective: Perspective) -> KeyResultCreated {
        var keyResult = defined.definition
        keyResult.objective = objective(perspective)
        for entry in updates.visible(perspective) {
            let update = entry.value
            if let title = update.title { keyResult.title = title }
            if let weight = update.weight { keyResult.weight = weight }
            if let level = update.level { keyResult.level = level }
            if let indicator = update.indicator { keyResult.indicator = indicator }
            if let owner = update.owner { keyResult.owner = owner.isEmpty ? nil : owner }
            if let team = update.team { keyResult.team = team.isEmpty ? nil : team }
        }
        if let retarget = retargets.latest(perspective) { keyResult.target = retarget.value.target }
        if keyResult.kind == .milestone {
            keyResult.baseline = 0
            keyResult.target = 1
        }
        return keyResult
    }
}

/// What the log says about one insight.
public struct InsightRecord: Sendable {
    public var defined: Defined<InsightRecorded>
    public var renewals = Timeline<InsightRenewed>()
    public var expirations = Timeline<InsightExpired>()

    /// The expiry in force: the latest renewal's that counts, else the original.
    public func expiresAt(_ perspective: Perspective) -> Instant {
        renewals.latest(perspective)?.value.expiresAt ?? defined.definition.expiresAt
    }

    /// Whether the insight had expired as of the perspective.
    public func isExpired(_ perspective: Perspective) -> Bool { expiresAt(perspective) <= perspective.asOf }
}

/// One backlog item tied to a key result or objective.
public struct WorkItem: Codable, Hashable, Sendable {
    public var ref: String
    public var title: String?
}
