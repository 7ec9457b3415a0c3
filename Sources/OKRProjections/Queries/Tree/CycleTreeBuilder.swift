import OKREvents

/// The tree of one cycle. An objective sits under each of its parents in the same cycle, under
/// each parent of another cycle shown as the head of a group (a quarter's objective under its
/// annual one), else under its strategy choice, else among the unlinked. An objective lists its
/// children of every cycle (an annual objective with its quarterly ones, scored in their own
/// cycles). North stars and strategies are listed even with no objective under them this cycle:
/// a strategy nobody works on is worth seeing.
///
/// Each objective is drawn in full once, at its first place in reading order (north stars,
/// parents in other cycles, the unlinked); under its other parents it stands as a reference
/// (id, title, score, the link it sits under). So the tree grows with objectives and links, not
/// with their product (SPEC §8 "Limits"), and nesting stops at the alignment's depth limit.
struct CycleTreeBuilder {
    let model: OKRModel
    let record: CycleRecord
    let perspective: Perspective
    let owner: String?
    let settings: ProjectionSettings
    /// Objective scores, shared with the other cycles of the answer.
    var scores: ObjectiveScores

    private var statuses: [String: ObjectiveStatus] = [:]
    private var drawn: Set<String> = []
    private var inCycle: Set<String> = []
    private var placement = Placement()

    /// Where each objective of the cycle sits.
    private struct Placement {
        var childrenOf: [String: [String]] = [:]
        var byStrategy: [String: [String]] = [:]
        var unlinked: [String] = []
        var elsewhere: [(parent: ObjectiveCreated, children: [String])] = []
        var elsewhereIndex: [String: Int] = [:]
    }

    init(model: OKRModel, record: CycleRecord, perspective: Perspective, owner: String?, settings: ProjectionSettings,
         scores: ObjectiveScores) {
        self.model = model
        self.record = record
        self.perspective = perspective
        self.owner = owner
        self.settings = settings
        self.scores = scores
    }

    private var cycleID: String { record.defined.definition.id }

    mutating func build() -> TreeReport {
        let objectives = model.activeObjectives(in: cycleID, perspective).filter { status($0, in: record) != nil }
        inCycle = Set(objectives.map { $0.defined.definition.id })
        for objective in objectives { place(objective.current(perspective)) }
        let northStarNodes = northStars()
        let aligned = objectives.filter { let o = $0.current(perspective); return !o.parents.isEmpty || o.strategy != nil }.count
        // In the order the tree is read, so that an objective is drawn in full at the first
        // place a reader meets it.
        var otherCycleParents: [TreeReport.ParentNode] = []
        for group in placement.elsewhere {
            var children: [TreeReport.ObjectiveNode] = []
            for child in group.children { children.append(node(child, under: group.parent.id, depth: 0)) }
            otherCycleParents.append(TreeReport.ParentNode(id: group.parent.id, cycle: group.parent.cycle, title: group.parent.title,
                                                           team: group.parent.team, children: children))
        }
        var unlinkedNodes: [TreeReport.ObjectiveNode] = []
        for id in placement.unlinked { unlinkedNodes.append(node(id, under: nil, depth: 0)) }
        return TreeReport(asOf: perspective.asOf, cycle: cycleID,
                          alignment: objectives.isEmpty ? nil : Double(aligned) / Double(objectives.count),
                          northStars: northStarNodes, unlinked: unlinkedNodes, parentsInOtherCycles: otherCycleParents)
    }

    /// The status of `objective` as shown (its owner's part with `owner`), evaluated once.
    private mutating func status(_ objective: ObjectiveRecord, in cycle: CycleRecord) -> ObjectiveStatus? {
        let id = objective.defined.definition.id
        if let known = statuses[id] { return known }
        let status = Evaluator(model).evaluate(objective, in: cycle, perspective, settings: settings, scores: &scores)
        guard let shown = owner.map({ status.owned(by: $0) }) ?? status else { return nil }
        statuses[id] = shown
        return shown
    }

    /// Places `current` under its parents in the cycle or elsewhere, else its strategy, else
    /// among the unlinked.
    private mutating func place(_ current: ObjectiveCreated) {
        var placed = false
        for parent in current.parents {
            if inCycle.contains(parent.id) {
                placement.childrenOf[parent.id, default: []].append(current.id)
                placed = true
            } else if let record = model.objectives[parent.id], perspective.knows(record.defined.stamp) {
                if let group = placement.elsewhereIndex[parent.id] {
                    placement.elsewhere[group].children.append(current.id)
                } else {
                    placement.elsewhereIndex[parent.id] = placement.elsewhere.count
                    placement.elsewhere.append((record.current(perspective), [current.id]))
                }
                placed = true
            }
        }
        if placed { return }
        if let strategy = current.strategy, model.strategies[strategy] != nil {
            placement.byStrategy[strategy, default: []].append(current.id)
        } else {
            placement.unlinked.append(current.id)
        }
    }

    /// The north stars with their strategies and the objectives under each.
    private mutating func northStars() -> [TreeReport.NorthStarNode] {
        var nodes: [TreeReport.NorthStarNode] = []
        for star in model.northStars.values.filter({ perspective.knows($0.stamp) }).sorted(by: { $0.stamp.seq < $1.stamp.seq }) {
            let definition = star.definition
            var strategyNodes: [TreeReport.StrategyNode] = []
            for strategy in model.strategies.values.filter({ $0.definition.northStar == definition.id && perspective.knows($0.stamp) })
                .sorted(by: { $0.stamp.seq < $1.stamp.seq }) {
                var objectives: [TreeReport.ObjectiveNode] = []
                for id in placement.byStrategy[strategy.definition.id] ?? [] { objectives.append(node(id, under: nil, depth: 0)) }
                strategyNodes.append(TreeReport.StrategyNode(id: strategy.definition.id, statement: strategy.definition.statement,
                                                             objectives: objectives))
            }
            nodes.append(TreeReport.NorthStarNode(id: definition.id, name: definition.name, metric: definition.metric,
                                                  current: model.latestObservation(of: definition.metric, perspective)?.value,
                                                  strategies: strategyNodes))
        }
        return nodes
    }

    /// The children of `id` in other cycles (known and not dropped, whether or not their cycle has begun).
    private mutating func childrenElsewhere(of id: String) -> [String] {
        var children: [String] = []
        for child in model.childrenByParent[id] ?? [] {
            guard let record = model.objectives[child], !inCycle.contains(child), perspective.knows(record.defined.stamp),
                  !record.drops.any(perspective), record.parents(perspective).contains(where: { $0.id == id }),
                  let cycle = model.cycles[record.defined.definition.cycle] else { continue }
            if status(record, in: cycle) != nil { children.append(child) }
        }
        return children
    }

    /// The node of objective `id` under `parent`: in full the first time, a reference after.
    private mutating func node(_ id: String, under parent: String?, depth: Int) -> TreeReport.ObjectiveNode {
        let status = statuses[id]!
        let cycle = inCycle.contains(id) ? cycleID : (model.objectives[id]?.defined.definition.cycle ?? cycleID)
        guard drawn.insert(id).inserted else {
            return TreeReport.ObjectiveNode(
                id: id, cycle: cycle, title: status.title, team: status.team, kind: status.kind,
                parents: status.parents.filter { $0.id == parent }, progressFrom: status.progressFrom,
                carriedFrom: status.carriedFrom, score: status.score, confidence: status.confidence, owner: status.owner,
                keyResults: [], workItems: [], children: [], repeated: true)
        }
        // Deeper than the alignment limit (a log written before it): the chain stops here.
        let childIDs = depth >= AlignmentGraph.maxDepth ? [] : (placement.childrenOf[id] ?? []) + childrenElsewhere(of: id)
        var children: [TreeReport.ObjectiveNode] = []
        for child in childIDs { children.append(node(child, under: id, depth: depth + 1)) }
        return TreeReport.ObjectiveNode(
            id: id, cycle: cycle, title: status.title, team: status.team, kind: status.kind, parents: status.parents,
            progressFrom: status.progressFrom, carriedFrom: status.carriedFrom, score: status.score, confidence: status.confidence,
            owner: status.owner, keyResults: status.krs.map(keyResultNode), workItems: model.linkedWorkItems(of: id, perspective),
            children: children, details: model.objectives[id]?.defined.definition.details)
    }

    private func keyResultNode(_ status: KeyResultStatus) -> TreeReport.KeyResultNode {
        let definition = model.keyResults[status.id]?.defined.definition
        return TreeReport.KeyResultNode(id: status.id, title: status.title, score: status.score, pace: status.pace,
                                        confidence: status.confidence, owner: status.owner, team: status.team,
                                        carriedFrom: definition?.carriedFrom, workItems: model.linkedWorkItems(of: status.id, perspective),
                                        details: definition?.details, initiatives: model.initiativeSummaries(of: status.id, perspective))
    }
}
