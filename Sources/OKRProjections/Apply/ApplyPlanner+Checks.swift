import OKREvents

/// What a file must hold to be planned at all: ids declared once, no loop, plans inside their
/// cycle.
extension ApplyPlanner {
    /// Refuses a file whose parents, with the log's for objectives the file does not declare,
    /// make a loop, naming it, or whose new links make a chain deeper than
    /// ``AlignmentGraph/maxDepth`` (SPEC §8 "Limits").
    func requireNoLoop() throws(PlanError) {
        var parents: [String: [String]] = [:]
        for (id, record) in model.objectives { parents[id] = record.parents(perspective).map(\.id) }
        let logParents = parents
        for objective in document.objectives { parents[objective.definition.id] = objective.definition.parents.map(\.id) }
        let graph = AlignmentGraph(parents: parents)
        if let loop = graph.anyLoop(from: document.objectives.map(\.definition.id)) {
            throw PlanError("the parents make a loop: \(loop.joined(separator: " → "))")
        }
        for objective in document.objectives {
            let id = objective.definition.id
            for parent in objective.definition.parents where !(logParents[id] ?? []).contains(parent.id) {
                guard graph.depth(linking: id, under: parent.id) <= AlignmentGraph.maxDepth else {
                    throw PlanError("objective \(id) under \(parent.id) would make a chain of more than \(AlignmentGraph.maxDepth) "
                        + "objectives; the limit is an alignment depth of \(AlignmentGraph.maxDepth)")
                }
            }
        }
    }

    /// Refuses a plan checkpoint outside the key result's cycle (after its first day, through its last).
    func requirePlanInCycle(_ keyResult: OKRDocument.KeyResult, in cycle: CycleDefined?) throws(PlanError) {
        guard !keyResult.plan.isEmpty else { return }
        guard keyResult.definition.kind == .progress else {
            throw PlanError("key result \(keyResult.definition.id) is \(keyResult.definition.kind.rawValue): only a progress key result has a plan")
        }
        guard let cycle else { return }
        for checkpoint in keyResult.plan where checkpoint.day <= cycle.start || checkpoint.day > cycle.end {
            throw PlanError("key result \(keyResult.definition.id): checkpoint \(checkpoint.day) is outside cycle \(cycle.id) "
                + "(after \(cycle.start), through \(cycle.end))")
        }
    }

    /// What a new record of a person changes, for people.
    static func personChanges(_ existing: PersonRecorded, _ wanted: PersonRecorded) -> String {
        var details: [String] = []
        if existing.name != wanted.name { details.append("name → \(wanted.name.map { "\"\($0)\"" } ?? "none")") }
        if existing.email != wanted.email { details.append("email → \(wanted.email ?? "none")") }
        if existing.teams != wanted.teams { details.append("teams → \(wanted.teams.isEmpty ? "none" : wanted.teams.joined(separator: ", "))") }
        if existing.reviewer != wanted.reviewer { details.append("reviewer → \(wanted.reviewer ?? "none")") }
        return details.joined(separator: "; ")
    }

    static func requireUnique(_ document: OKRDocument) throws(PlanError) {
        var seen: [String: String] = [:]
        func check(_ id: String, _ kind: String) throws(PlanError) {
            if let other = seen[id] { throw PlanError("id \(id) is declared twice in the file (\(other) and \(kind))") }
            seen[id] = kind
        }
        for person in document.people { try check("person:" + person.definition.id, "person") }
        for cycle in document.cycles { try check("cycle:" + cycle.definition.id, "cycle") }
        for star in document.northStars { try check("northstar:" + star.definition.id, "north star") }
        for strategy in document.strategies { try check("strategy:" + strategy.definition.id, "strategy") }
        for objective in document.objectives {
            try check(objective.definition.id, "objective")
            for keyResult in objective.keyResults { try check(keyResult.definition.id, "key result") }
        }
        for kpi in document.kpis { try check("kpi:" + kpi.definition.id, "KPI") }
        for initiative in document.initiatives { try check("initiative:" + initiative.definition.id, "initiative") }
        for retro in document.retros { try check("retro:" + retro.definition.objective, "retrospective") }
    }

    /// Objectives ordered so that a parent declared in the file comes before its children.
    static func parentsFirst(_ objectives: [OKRDocument.Objective]) -> [OKRDocument.Objective] {
        ParentsFirst.order(objectives, id: { $0.definition.id }, parents: { $0.definition.parents.map(\.id) })
    }
}
