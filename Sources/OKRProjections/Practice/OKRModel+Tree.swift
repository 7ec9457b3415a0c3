import OKREvents

extension OKRModel {
    /// The sandwich of the shown cycles: the named one, else every cycle that contains the as-of
    /// instant (the first is the report itself, all of them are in ``TreeReport/cycles``).
    ///
    /// In each cycle an objective sits under each of its parents in the same cycle, under each
    /// parent of another cycle shown as the head of a group (a quarter's objective under its
    /// annual one), else under its strategy choice, else among the unlinked. An objective lists
    /// its children of every cycle (an annual objective with its quarterly ones, scored in their
    /// own cycles). North stars and strategies are listed even with no objective under them this
    /// cycle: a strategy nobody works on is worth seeing.
    ///
    /// With `owner`, only what that person owns is shown (``ObjectiveStatus/owned(by:)``).
    public func tree(cycle: String? = nil, _ perspective: Perspective, owner: String? = nil,
                     settings: ProjectionSettings = ProjectionSettings()) -> TreeReport? {
        let shown = selectCycles(cycle, perspective)
        var scores = ObjectiveScores()
        var trees = shown.map { tree(of: $0, perspective, owner: owner, settings: settings, scores: &scores) }
        guard !trees.isEmpty else { return nil }
        var first = trees.removeFirst()
        first.cycles = [first] + trees
        return first
    }

    private func tree(of record: CycleRecord, _ perspective: Perspective, owner: String?, settings: ProjectionSettings,
                      scores: inout ObjectiveScores) -> TreeReport {
        let cycleID = record.defined.definition.id
        var statuses: [String: ObjectiveStatus] = [:]
        func status(_ objective: ObjectiveRecord, in cycle: CycleRecord) -> ObjectiveStatus? {
            let id = objective.defined.definition.id
            if let known = statuses[id] { return known }
            let status = evaluate(objective, in: cycle, perspective, settings: settings, scores: &scores)
            guard let shown = owner.map({ status.owned(by: $0) }) ?? status else { return nil }
            statuses[id] = shown
            return shown
        }
        let objectives = activeObjectives(in: cycleID, perspective).filter { status($0, in: record) != nil }
        let inCycle = Set(objectives.map { $0.defined.definition.id })

        var childrenOf: [String: [String]] = [:]
        var byStrategy: [String: [String]] = [:]
        var unlinked: [String] = []
        var elsewhere: [(parent: ObjectiveCreated, children: [String])] = []
        var elsewhereIndex: [String: Int] = [:]
        for objective in objectives {
            let current = objective.current(perspective)
            var placed = false
            for parent in current.parents {
                if inCycle.contains(parent.id) {
                    childrenOf[parent.id, default: []].append(current.id)
                    placed = true
                } else if let record = self.objectives[parent.id], perspective.knows(record.defined.stamp) {
                    if let group = elsewhereIndex[parent.id] {
                        elsewhere[group].children.append(current.id)
                    } else {
                        elsewhereIndex[parent.id] = elsewhere.count
                        elsewhere.append((record.current(perspective), [current.id]))
                    }
                    placed = true
                }
            }
            if placed { continue }
            if let strategy = current.strategy, strategies[strategy] != nil {
                byStrategy[strategy, default: []].append(current.id)
            } else {
                unlinked.append(current.id)
            }
        }

        /// The children of `id` in other cycles (known and not dropped, whether or not their cycle has begun).
        func childrenElsewhere(of id: String) -> [String] {
            (childrenByParent[id] ?? []).filter { child in
                guard let record = self.objectives[child], !inCycle.contains(child), perspective.knows(record.defined.stamp),
                      !record.drops.any(perspective), record.parents(perspective).contains(where: { $0.id == id }),
                      let cycle = cycles[record.defined.definition.cycle] else { return false }
                return status(record, in: cycle) != nil
            }
        }

        // Each objective is drawn in full once, at its first place; under its other parents it
        // stands as a reference (id, title, score, the link it sits under). So the tree grows
        // with objectives and links, not with their product (SPEC §8 "Limits").
        var drawn: Set<String> = []
        func node(_ id: String, under parent: String?, depth: Int) -> TreeReport.ObjectiveNode {
            let status = statuses[id]!
            let cycle = inCycle.contains(id) ? cycleID : (self.objectives[id]?.defined.definition.cycle ?? cycleID)
            guard drawn.insert(id).inserted else {
                return TreeReport.ObjectiveNode(
                    id: id, cycle: cycle, title: status.title, team: status.team, kind: status.kind,
                    parents: status.parents.filter { $0.id == parent }, progressFrom: status.progressFrom,
                    carriedFrom: status.carriedFrom, score: status.score, confidence: status.confidence, owner: status.owner,
                    keyResults: [], workItems: [], children: [], repeated: true)
            }
            // Deeper than the alignment limit (a log written before it): the chain stops here.
            let children = depth >= AlignmentGraph.maxDepth ? []
                : (childrenOf[id] ?? []) + childrenElsewhere(of: id)
            return TreeReport.ObjectiveNode(
                id: id, cycle: cycle, title: status.title, team: status.team, kind: status.kind, parents: status.parents,
                progressFrom: status.progressFrom, carriedFrom: status.carriedFrom, score: status.score, confidence: status.confidence,
                owner: status.owner,
                keyResults: status.krs.map {
                    TreeReport.KeyResultNode(id: $0.id, title: $0.title, score: $0.score, pace: $0.pace, confidence: $0.confidence,
                                             owner: $0.owner, team: $0.team, carriedFrom: keyResults[$0.id]?.defined.definition.carriedFrom,
                                             workItems: linkedWorkItems(of: $0.id, perspective),
                                             details: keyResults[$0.id]?.defined.definition.details)
                },
                workItems: linkedWorkItems(of: id, perspective),
                children: children.map { node($0, under: id, depth: depth + 1) },
                details: self.objectives[id]?.defined.definition.details)
        }
        func top(_ id: String, under parent: String?) -> TreeReport.ObjectiveNode { node(id, under: parent, depth: 0) }
        func top(_ id: String) -> TreeReport.ObjectiveNode { top(id, under: nil) }

        let northStarNodes = northStars.values.filter { perspective.knows($0.stamp) }.sorted { $0.stamp.seq < $1.stamp.seq }.map { star in
            let definition = star.definition
            let strategyNodes = strategies.values
                .filter { $0.definition.northStar == definition.id && perspective.knows($0.stamp) }
                .sorted { $0.stamp.seq < $1.stamp.seq }
                .map { TreeReport.StrategyNode(id: $0.definition.id, statement: $0.definition.statement,
                                               objectives: (byStrategy[$0.definition.id] ?? []).map(top)) }
            return TreeReport.NorthStarNode(id: definition.id, name: definition.name, metric: definition.metric,
                                            current: latestObservation(of: definition.metric, perspective)?.value, strategies: strategyNodes)
        }
        let aligned = objectives.filter { let o = $0.current(perspective); return !o.parents.isEmpty || o.strategy != nil }.count
        // In the order the tree is read (north stars, parents in other cycles, the unlinked), so
        // that an objective is drawn in full at the first place a reader meets it.
        let otherCycleParents = elsewhere.map { group in
            TreeReport.ParentNode(id: group.parent.id, cycle: group.parent.cycle, title: group.parent.title,
                                  team: group.parent.team, children: group.children.map { top($0, under: group.parent.id) })
        }
        let unlinkedNodes = unlinked.map(top)
        return TreeReport(asOf: perspective.asOf, cycle: cycleID,
                          alignment: objectives.isEmpty ? nil : Double(aligned) / Double(objectives.count),
                          northStars: northStarNodes, unlinked: unlinkedNodes, parentsInOtherCycles: otherCycleParents)
    }
}
