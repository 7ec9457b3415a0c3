import OKREvents
import OKRProjections
import OKRWire

/// Recording people and listing them with what they own.
struct PeopleFeature: Feature {
    let context: FeatureContext

    /// People (SPEC §9): who can own objectives and key results.
    func register(in table: inout MethodTable) {
        table.add(Methods.personSet) { (params, peer) throws(DomainError) in try await setPerson(params, by: peer) }
        table.add(Methods.personList) { _ in listPeople() }
    }

    func setPerson(_ params: PersonSetParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        // An empty name or email removes it.
        let name = params.name.flatMap { $0.isEmpty ? nil : $0 }
        let email = params.email.flatMap { $0.isEmpty ? nil : $0 }
        _ = try EventChecks.person(PersonRecorded(id: params.id, name: name, email: email, teams: params.teams ?? []))
        let reviewer = params.reviewer.flatMap { $0.isEmpty ? nil : $0 }
        if let reviewer {
            try Checks.personID(reviewer, field: "reviewer")
            guard reviewer != params.id else { throw .validation("\(params.id) cannot be their own reviewer", field: "reviewer") }
        }
        return try await serially { () throws(DomainError) in
            let before = store.read { $0.person(params.id, Perspective(at: clock())) }
            if let reviewer {
                try store.read { (model) throws(DomainError) in try Checks.owner(reviewer, in: model, field: "reviewer") }
            }
            var teams: [String] = []
            for team in params.teams ?? before?.teams ?? [] where !teams.contains(team) { teams.append(team) }
            let person = PersonRecorded(id: params.id,
                                        name: params.name == nil ? before?.name : name,
                                        email: params.email == nil ? before?.email : email,
                                        teams: teams,
                                        reviewer: params.reviewer == nil ? before?.reviewer : reviewer)
            if let before, before == person {
                // Nothing changes: answer with the record that says so, append nothing.
                let seq = store.read { $0.people[params.id]?.entries.last?.stamp.seq } ?? 0
                return WriteResult(id: params.id, seq: seq, duplicate: true)
            }
            return try await appendOne(NewEvent(person, actor: peer.user), id: params.id)
        }
    }

    func listPeople() -> PersonListResult {
        let perspective = Perspective(at: clock())
        return store.read { model in
            var objectives: [String: Int] = [:]
            var keyResults: [String: Int] = [:]
            for cycle in model.selectCycles(nil, perspective) {
                for record in model.activeObjectives(in: cycle.defined.definition.id, perspective) {
                    let objective = record.current(perspective)
                    if let owner = objective.owner { objectives[owner, default: 0] += 1 }
                    for keyResult in model.activeKeyResults(of: objective.id, perspective) {
                        if let owner = keyResult.current(perspective).owner ?? objective.owner { keyResults[owner, default: 0] += 1 }
                    }
                }
            }
            return PersonListResult(people: model.knownPeople(perspective).map { person in
                PersonSummary(id: person.id, name: person.name, email: person.email, teams: person.teams,
                              objectives: objectives[person.id] ?? 0, keyResults: keyResults[person.id] ?? 0, reviewer: person.reviewer)
            })
        }
    }
}
