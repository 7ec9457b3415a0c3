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

extension OKRModel {
    /// The objectives aligned under `parent` from `perspective`, each with its weight: known, not
    /// dropped, and in a cycle that has started by the as-of instant (a child whose cycle is yet
    /// to come has nothing to give).
    public func children(of parent: String, _ perspective: Perspective) -> [(record: ObjectiveRecord, weight: Double)] {
        (childrenByParent[parent] ?? []).compactMap { id in
            guard let record = objectives[id], perspective.knows(record.defined.stamp), !record.drops.any(perspective),
                  let cycle = cycles[record.defined.definition.cycle], cycle.start <= perspective.asOf,
                  let link = record.parents(perspective).first(where: { $0.id == parent }) else { return nil }
            return (record, link.weight)
        }
    }

    /// `Σ aᶜ·sᶜ` and `Σ aᶜ` over the children of `parent` that have a score, each scored within
    /// its own cycle at the same instant.
    func childrenScore(of parent: String, _ perspective: Perspective, visiting: Set<String>,
                       scores: inout ObjectiveScores) -> ScoreSum {
        var sum = ScoreSum()
        for (child, weight) in children(of: parent, perspective) {
            let id = child.defined.definition.id
            guard !visiting.contains(id) else { continue }  // a loop made by back-dated links: never twice
            if let score = objectiveScore(child, perspective, visiting: visiting.union([id]), scores: &scores) {
                sum.add(score, weight: weight)
            }
        }
        return sum
    }

    /// The score of `record` within its own cycle from `perspective`, by its progress source.
    func objectiveScore(_ record: ObjectiveRecord, _ perspective: Perspective, visiting: Set<String>,
                        scores: inout ObjectiveScores) -> Double? {
        let id = record.defined.definition.id
        if let known = scores.byID[id] { return known }
        guard let cycle = cycles[record.defined.definition.cycle] else { return nil }
        let objective = record.current(perspective)
        var sum = ScoreSum()
        if objective.progress != .children {
            for kr in activeKeyResults(of: id, perspective) {
                let current = kr.current(perspective)
                sum.add(keyResultScore(current, in: cycle, perspective) ?? 0, weight: current.weight)
            }
        }
        if objective.progress != .krs {
            sum.add(childrenScore(of: id, perspective, visiting: visiting, scores: &scores))
        }
        scores.byID[id] = .some(sum.mean)
        return sum.mean
    }

    /// A key result's score alone (what ``evaluate(_:in:_:settings:)-(KeyResultRecord,_,_,_)``
    /// gives as `score`, without pace, forecast or confidence).
    func keyResultScore(_ keyResult: KeyResultCreated, in cycle: CycleRecord, _ perspective: Perspective) -> Double? {
        guard let current = latestObservation(of: keyResult.metric, perspective, through: cycle.end)?.value else { return nil }
        let baseline = keyResult.kind.isThreshold ? nil : baseline(of: keyResult, in: cycle, perspective)
        return KeyResultMath.score(keyResult.kind, current: current, baseline: baseline, target: keyResult.target)
    }
}
