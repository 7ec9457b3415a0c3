import OKREvents

extension ApplyPlanner {
    /// An `InitiativeAdded` for each initiative new to the log (and its `InitiativeClosed` when
    /// the file says it is done or dropped); an existing one may only be closed: its title, key
    /// result, owner and link are what it was added with.
    mutating func planInitiatives() throws(PlanError) {
        let fileKeyResults = Set(document.objectives.flatMap { $0.keyResults.map(\.definition.id) })
        for initiative in document.initiatives {
            let wanted = initiative.definition
            guard model.keyResults[wanted.kr] != nil || fileKeyResults.contains(wanted.kr) else {
                throw PlanError("initiative \(wanted.id) is for key result \(wanted.kr), which is neither in the log nor in \(source)")
            }
            try requireKnown(wanted.owner, of: "initiative \(wanted.id)")
            if let record = model.rituals.initiatives[wanted.id] {
                let existing = record.defined.definition
                guard existing == wanted else {
                    throw PlanError("initiative \(wanted.id) is “\(existing.title)” for \(existing.kr) in the log; "
                        + "\(source) describes it otherwise: an initiative cannot change, add a new one")
                }
                let state = record.outcome(perspective)
                guard state != initiative.outcome else { continue }
                guard state == nil, let outcome = initiative.outcome else {
                    throw PlanError("initiative \(wanted.id) is \(state?.rawValue ?? "open") in the log; \(source) says "
                        + "\(initiative.outcome?.rawValue ?? "open"): a finished initiative stays finished")
                }
                add(.update, "initiative", wanted.id, outcome.rawValue, .initiativeClosed(InitiativeClosed(id: wanted.id, outcome: outcome)))
            } else {
                add(.create, "initiative", wanted.id, "\(wanted.title) for \(wanted.kr)", .initiativeAdded(wanted), at: initiative.at)
                if let outcome = initiative.outcome {
                    add(.update, "initiative", wanted.id, outcome.rawValue, .initiativeClosed(InitiativeClosed(id: wanted.id, outcome: outcome)),
                        at: initiative.at)
                }
            }
        }
    }

    /// A `RetrospectiveRecorded` for each retrospective that differs from its objective's latest.
    mutating func planRetros() throws(PlanError) {
        let fileObjectives = Set(document.objectives.map(\.definition.id))
        for retro in document.retros {
            let wanted = retro.definition
            guard model.objectives[wanted.objective] != nil || fileObjectives.contains(wanted.objective) else {
                throw PlanError("a retrospective is on objective \(wanted.objective), which is neither in the log nor in \(source)")
            }
            if let review = wanted.review, model.rituals.reviews[review] == nil {
                throw PlanError("the retrospective on \(wanted.objective) names review \(review), which is not in the log")
            }
            if let latest = model.rituals.retrospective(of: wanted.objective, perspective), latest.value.data == wanted { continue }
            add(.create, "retro", wanted.objective, "\(wanted.outcome.rawValue), rated \(wanted.rating)/5", .retrospectiveRecorded(wanted),
                at: retro.at)
        }
    }
}
