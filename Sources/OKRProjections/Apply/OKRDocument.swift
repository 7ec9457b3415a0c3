import OKREvents

/// OKRs declared in a file (`okrctl apply -f okrs.toml`): a cycle's north stars, strategy
/// choices, objectives and key results, with the ids and optional back-dating the file gives.
public struct OKRDocument: Hashable, Sendable {
    /// A definition and, optionally, when it took effect (back-dating).
    public struct Dated<Definition: Hashable & Sendable>: Hashable, Sendable {
        public var definition: Definition
        public var at: Instant?
        public init(_ definition: Definition, at: Instant? = nil) {
            self.definition = definition
            self.at = at
        }
    }

    /// An objective with its key results.
    public struct Objective: Hashable, Sendable {
        public var definition: ObjectiveCreated
        public var at: Instant?
        public var keyResults: [KeyResult]
        public init(_ definition: ObjectiveCreated, at: Instant? = nil, keyResults: [KeyResult] = []) {
            self.definition = definition
            self.at = at
            self.keyResults = keyResults
        }
    }

    /// A key result; `reason` explains a change of target; `plan` is its phased target (empty: none).
    public struct KeyResult: Hashable, Sendable {
        public var definition: KeyResultCreated
        public var at: Instant?
        public var reason: String?
        public var plan: [PlanCheckpoint]
        public init(_ definition: KeyResultCreated, at: Instant? = nil, reason: String? = nil, plan: [PlanCheckpoint] = []) {
            self.definition = definition
            self.at = at
            self.reason = reason
            self.plan = plan
        }
    }

    public var people: [Dated<PersonRecorded>] = []
    public var cycles: [Dated<CycleDefined>] = []
    public var northStars: [Dated<NorthStarDefined>] = []
    public var strategies: [Dated<StrategyChoiceRecorded>] = []
    public var objectives: [Objective] = []
    /// KPIs (SPEC §14): the file's, compared with the log's by id; one the file leaves out is
    /// left alone (a KPI has no cycle for the file to speak for).
    public var kpis: [Dated<KPIDefined>] = []
    /// The calendar the file was written for (SPEC §15): what it gives must match the one okrd has.
    public var organisation: Organisation?
    /// Retrospectives (SPEC §15): each one new to the log, or different from the objective's latest, is recorded.
    public var retros: [Dated<RetrospectiveRecorded>] = []
    /// Initiatives (SPEC §15) by id; one the file leaves out is left alone.
    public var initiatives: [Initiative] = []

    /// `[organisation]`: each key the file gives.
    public struct Organisation: Hashable, Sendable {
        public var timeZone: String?
        public var weekStarts: Weekday?
        public var fiscalYearStarts: Int?
        public init(timeZone: String? = nil, weekStarts: Weekday? = nil, fiscalYearStarts: Int? = nil) {
            (self.timeZone, self.weekStarts, self.fiscalYearStarts) = (timeZone, weekStarts, fiscalYearStarts)
        }
    }

    /// An `[[initiative]]`: its definition and, when finished, how.
    public struct Initiative: Hashable, Sendable {
        public var definition: InitiativeAdded
        public var outcome: InitiativeOutcome?
        public var at: Instant?
        public init(_ definition: InitiativeAdded, outcome: InitiativeOutcome? = nil, at: Instant? = nil) {
            (self.definition, self.outcome, self.at) = (definition, outcome, at)
        }
    }

    public init() {}
}

/// One change `apply` will make, with the event that makes it.
public struct PlannedChange: Hashable, Sendable {
    /// What a planned change does.
    public enum Action: String, Hashable, Sendable { case create, update, retarget, drop, align, unalign, plan }

    public var action: Action
    /// person, cycle, northstar, strategy, objective or kr.
    public var kind: String
    public var id: String
    /// What changes, for people.
    public var detail: String
    public var payload: EventPayload
    public var effectiveAt: Instant?
}

/// Why a file cannot be applied: it asks for something events cannot express, or names what does not exist.
public struct PlanError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
