import OKREvents

/// A weighted sum of scores and the sum of their weights.
struct ScoreSum {
    var weighted = 0.0
    var weights = 0.0

    mutating func add(_ score: Double, weight: Double) {
        weighted += weight * score
        weights += weight
    }

    mutating func add(_ other: ScoreSum) {
        weighted += other.weighted
        weights += other.weights
    }

    /// `Σ w·s / Σ w`; `nil` with nothing added.
    var mean: Double? { weights > 0 ? weighted / weights : nil }
}

/// Objective scores already worked out for one answer (a perspective), by objective id: an
/// annual objective's children are scored once however many objectives ask.
struct ObjectiveScores {
    var byID: [String: Double?] = [:]
}

extension Evaluator {
    /// The objectives aligned under `parent` from `perspective`, each with its weight: known, not
    /// dropped, and in a cycle that has started by the as-of instant (a child whose cycle is yet
    /// to come has nothing to give).
    public func children(of parent: String, _ perspective: Perspective) -> [(record: ObjectiveRecord, weight: Double)] {
        (model.childrenByParent[parent] ?? []).compactMap { id in
            guard let record = model.objectives[id], perspective.knows(record.defined.stamp), !record.drops.any(perspective),
                  let cycle = model.cycles[record.defined.definition.cycle], cycle.start <= perspective.asOf,
                  let link = record.parents(perspective).first(where: { $0.id == parent }) else { return nil }
            return (record, link.weight)
        }
    }

    /// `Σ aᶜ·sᶜ` and `Σ aᶜ` over the children of `parent` that have a score, each scored within
    /// its own cycle at the same instant.
    func childrenScore(of parent: String, _ perspective: Perspective, scores: inout ObjectiveScores) -> ScoreSum {
        var sum = ScoreSum()
        for (child, weight) in children(of: parent, perspective) {
            if let score = objectiveScore(child, perspective, above: parent, scores: &scores) {
                sum.add(score, weight: weight)
            }
        }
        return sum
    }

    /// The score of `record` within its own cycle from `perspective`, by its progress source.
    ///
    /// Depth-first over its children with an explicit stack, each objective scored once per
    /// answer: a chain of any depth (a log written before SPEC §8's limit) costs time linear in
    /// its objectives and no stack. A child already on the way down (a loop made by back-dated
    /// links, or `above`, the objective asking) is left out.
    func objectiveScore(_ record: ObjectiveRecord, _ perspective: Perspective, above: String? = nil,
                        scores: inout ObjectiveScores) -> Double? {
        struct Frame {
            var id: String
            var sum: ScoreSum
            var children: [(record: ObjectiveRecord, weight: Double)]
            var next = 0
        }
        func open(_ record: ObjectiveRecord) -> Frame? {
            let id = record.defined.definition.id
            guard let cycle = model.cycles[record.defined.definition.cycle] else { return nil }
            let objective = record.current(perspective)
            var sum = ScoreSum()
            if objective.progress != .children {
                for kr in model.activeKeyResults(of: id, perspective) {
                    let current = kr.current(perspective)
                    sum.add(keyResultScore(current, in: cycle, perspective) ?? 0, weight: current.weight)
                }
            }
            let children = objective.progress != .krs ? self.children(of: id, perspective) : []
            return Frame(id: id, sum: sum, children: children)
        }

        let rootID = record.defined.definition.id
        if let known = scores.byID[rootID] { return known }
        guard let root = open(record) else { return nil }
        var onPath: Set<String> = [rootID]
        if let above { onPath.insert(above) }
        var stack = [root]
        while let top = stack.indices.last {
            if stack[top].next < stack[top].children.count {
                let (child, weight) = stack[top].children[stack[top].next]
                stack[top].next += 1
                let id = child.defined.definition.id
                if let known = scores.byID[id] {
                    if let score = known { stack[top].sum.add(score, weight: weight) }
                } else if !onPath.contains(id), let frame = open(child) {
                    onPath.insert(id)
                    stack.append(frame)
                }
                continue
            }
            let done = stack.removeLast()
            let mean = done.sum.mean
            scores.byID[done.id] = .some(mean)
            onPath.remove(done.id)
            guard let parent = stack.indices.last else { return mean }
            if let mean { stack[parent].sum.add(mean, weight: stack[parent].children[stack[parent].next - 1].weight) }
        }
        return nil
    }

    /// A key result's score alone (what ``evaluate(_:in:_:settings:)-(KeyResultRecord,_,_,_)``
    /// gives as `score`, without pace, forecast or confidence).
    func keyResultScore(_ keyResult: KeyResultCreated, in cycle: CycleRecord, _ perspective: Perspective) -> Double? {
        guard let current = model.latestObservation(of: keyResult.metric, perspective, through: cycle.end)?.value else { return nil }
        let baseline = keyResult.kind.isThreshold ? nil : baseline(of: keyResult, in: cycle, perspective)
        return KeyResultMath.score(keyResult.kind, current: current, baseline: baseline, target: keyResult.target)
    }
}
