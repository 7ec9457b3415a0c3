import OKREvents

extension OKRModel {
    /// The sandwich of the shown cycle (the named one, else the first active one).
    ///
    /// An objective sits under its parent when the parent is in the same cycle, under that parent
    /// shown as the head of a group when the parent is in another cycle (an annual objective),
    /// else under its strategy choice, else among the unlinked. North stars and strategies are listed even with
    /// no objective under them this cycle: a strategy nobody works on is worth seeing.
    ///
    /// With `owner`, only what that person owns is shown (``ObjectiveStatus/owned(by:)``); an
    /// objective of theirs whose parent is not shows under that parent as a group head.
    public func tree(cycle: String? = nil, _ perspective: Perspective, owner: String? = nil,
                     settings: ProjectionSettings = ProjectionSettings()) -> TreeReport? {
        guard let record = selectCycles(cycle, perspective).first else { return nil }
        let cycleID = record.defined.definition.id
        var statuses: [String: ObjectiveStatus] = [:]
        let objectives = activeObjectives(in: cycleID, perspective).filter { objective in
            let status = evaluate(objective, in: record, perspective, settings: settings)
            guard let shown = owner.map({ status.owned(by: $0) }) ?? status else { return false }
            statuses[objective.defined.definition.id] = shown
            return true
        }
        let inCycle = Set(statuses.keys)

        var childrenOf: [String: [String]] = [:]
        var byStrategy: [String: [String]] = [:]
        var unlinked: [String] = []
        var elsewhere: [(parent: ObjectiveCreated, children: [String])] = []
        for objective in objectives {
            let current = objective.current(perspective)
            if let parent = current.parent, inCycle.contains(parent) {
                childrenOf[parent, default: []].append(current.id)
            } else if let parent = current.parent, let record = self.objectives[parent], perspective.knows(record.defined.stamp) {
                if let group = elsewhere.firstIndex(where: { $0.parent.id == parent }) {
                    elsewhere[group].children.append(current.id)
                } else {
                    elsewhere.append((record.current(perspective), [current.id]))
                }
            } else if let strategy = current.strategy, strategies[strategy] != nil {
                byStrategy[strategy, default: []].append(current.id)
            } else {
                unlinked.append(current.id)
            }
        }

        func node(_ id: String, depth: Int) -> TreeReport.ObjectiveNode {
            let status = statuses[id]!
            return TreeReport.ObjectiveNode(
                id: id, title: status.title, team: status.team, kind: status.kind, score: status.score, confidence: status.confidence,
                owner: status.owner,
                keyResults: status.krs.map {
                    TreeReport.KeyResultNode(id: $0.id, title: $0.title, score: $0.score, pace: $0.pace, confidence: $0.confidence,
                                             owner: $0.owner, workItems: linkedWorkItems(of: $0.id, perspective))
                },
                workItems: linkedWorkItems(of: id, perspective),
                children: depth > 32 ? [] : (childrenOf[id] ?? []).map { node($0, depth: depth + 1) })
        }

        let northStarNodes = northStars.values.filter { perspective.knows($0.stamp) }.sorted { $0.stamp.seq < $1.stamp.seq }.map { star in
            let definition = star.definition
            let strategyNodes = strategies.values
                .filter { $0.definition.northStar == definition.id && perspective.knows($0.stamp) }
                .sorted { $0.stamp.seq < $1.stamp.seq }
                .map { TreeReport.StrategyNode(id: $0.definition.id, statement: $0.definition.statement,
                                               objectives: (byStrategy[$0.definition.id] ?? []).map { node($0, depth: 0) }) }
            return TreeReport.NorthStarNode(id: definition.id, name: definition.name, metric: definition.metric,
                                            current: latestObservation(of: definition.metric, perspective)?.value, strategies: strategyNodes)
        }
        let aligned = objectives.filter { let o = $0.current(perspective); return o.parent != nil || o.strategy != nil }.count
        return TreeReport(asOf: perspective.asOf, cycle: cycleID,
                          alignment: objectives.isEmpty ? nil : Double(aligned) / Double(objectives.count),
                          northStars: northStarNodes, unlinked: unlinked.map { node($0, depth: 0) },
                          parentsInOtherCycles: elsewhere.map { group in
                              TreeReport.ParentNode(id: group.parent.id, cycle: group.parent.cycle, title: group.parent.title,
                                                    team: group.parent.team, children: group.children.map { node($0, depth: 0) })
                          })
    }
}
