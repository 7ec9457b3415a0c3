import OKREvents

/// The metrics sandwich of one cycle: north stars → strategy choices → objectives (cascading
/// through parents) → key results, each with score, pace and confidence (`okrctl tree`).
public struct TreeReport: Codable, Hashable, Sendable {
    public var asOf: Instant
    public var cycle: String
    public var alignment: Double?
    public var northStars: [NorthStarNode]
    /// Objectives linked to neither a parent nor a strategy choice (with their own children).
    public var unlinked: [ObjectiveNode]
    /// Objectives of this cycle whose parent belongs to another cycle (a quarter's objective
    /// under an annual one), grouped under that parent.
    public var parentsInOtherCycles: [ParentNode]
    /// With no cycle named: the tree of every cycle that contains the as-of instant (annual and
    /// quarter together), this one first; the fields above are that first tree's. `nil` inside.
    public var cycles: [TreeReport]?

    /// An objective of another cycle that objectives of this one are aligned to.
    public struct ParentNode: Codable, Hashable, Sendable {
        public var id: String
        public var cycle: String
        public var title: String
        public var team: String
        /// This cycle's objectives under it.
        public var children: [ObjectiveNode]
    }

    /// A North Star Metric with its latest value.
    public struct NorthStarNode: Codable, Hashable, Sendable {
        public var id: String
        public var name: String
        public var metric: String
        public var current: Double?
        public var strategies: [StrategyNode]
    }

    /// A strategy choice and the objectives serving it directly.
    public struct StrategyNode: Codable, Hashable, Sendable {
        public var id: String
        public var statement: String
        public var objectives: [ObjectiveNode]
    }

    /// An objective, its key results, and the objectives cascaded from it.
    public struct ObjectiveNode: Codable, Hashable, Sendable {
        public var id: String
        /// Its cycle: a child from another cycle (an annual objective's quarterly ones) says so.
        public var cycle: String
        public var title: String
        public var team: String
        public var kind: ObjectiveKind
        /// Its parents in any cycle, each with its weight.
        public var parents: [ObjectiveParent]
        public var progressFrom: ProgressSource
        /// The objective of an earlier cycle it carries on.
        public var carriedFrom: String?
        public var score: Double?
        public var confidence: Double?
        /// Who owns it (absent when nobody does).
        public var owner: String?
        public var keyResults: [KeyResultNode]
        public var workItems: [WorkItem]
        public var children: [ObjectiveNode]
        /// Description, tags, delegate and check-in owners brought over by an import.
        public var details: GoalDetails? = nil
        /// `true` when the objective is drawn in full at an earlier place of this tree (under
        /// another parent): here it stands as a reference, with only the link it sits under as
        /// `parents` and no key results, links or children. Absent otherwise.
        public var repeated: Bool? = nil
    }

    /// A key result with the numbers that matter at a glance.
    public struct KeyResultNode: Codable, Hashable, Sendable {
        public var id: String
        public var title: String
        public var score: Double?
        public var pace: Pace
        public var confidence: Int?
        /// Who owns it: its own owner, else its objective's (absent when neither has one).
        public var owner: String?
        /// The team that works on it: its own, else its objective's.
        public var team: String
        /// The key result of an earlier cycle it carries on.
        public var carriedFrom: String?
        public var workItems: [WorkItem]
        /// Description, tags, delegate and check-in owners brought over by an import.
        public var details: GoalDetails? = nil
        /// The work planned for it (SPEC §15), never counted in its score.
        public var initiatives: [InitiativeSummary] = []
    }
}
