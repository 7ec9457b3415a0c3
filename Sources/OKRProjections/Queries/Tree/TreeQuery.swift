import OKREvents

/// What a `tree` query asks for: the sandwich of the named cycle, else of every cycle that
/// contains the as-of instant (the first is the report itself, all of them are in
/// ``TreeReport/cycles``); with `owner`, only what that person owns
/// (``ObjectiveStatus/owned(by:)``).
public struct TreeQuery: Hashable, Sendable {
    public var cycle: String?
    public var perspective: Perspective
    public var owner: String?

    public init(cycle: String? = nil, _ perspective: Perspective, owner: String? = nil) {
        self.cycle = cycle
        self.perspective = perspective
        self.owner = owner
    }
}

extension TreeQuery: ModelQuery {
    /// The tree of each shown cycle (``CycleTreeBuilder``), the first holding them all; `nil`
    /// when no cycle is shown. One score cache serves every cycle.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> TreeReport? {
        var scores = ObjectiveScores()
        var trees = model.selectCycles(cycle, perspective).map { record in
            var builder = CycleTreeBuilder(model: model, record: record, perspective: perspective, owner: owner,
                                           settings: settings, scores: scores)
            let tree = builder.build()
            scores = builder.scores
            return tree
        }
        guard !trees.isEmpty else { return nil }
        var first = trees.removeFirst()
        first.cycles = [first] + trees
        return first
    }
}
