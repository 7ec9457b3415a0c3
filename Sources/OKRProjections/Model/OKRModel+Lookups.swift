import OKREvents

extension OKRModel {
    /// Cycles known from `perspective`, by start date; of two starting together the longer first
    /// (the year before its first quarter).
    public func knownCycles(_ perspective: Perspective) -> [CycleRecord] {
        cycles.values.filter { perspective.knows($0.defined.stamp) }
            .sorted { ($0.start, $1.end, $0.defined.stamp.seq) < ($1.start, $0.end, $1.defined.stamp.seq) }
    }

    /// The objectives of `cycle` that are known and not dropped from `perspective`, in definition order.
    public func activeObjectives(in cycle: String, _ perspective: Perspective) -> [ObjectiveRecord] {
        (objectivesByCycle[cycle] ?? []).compactMap { objectives[$0] }
            .filter { perspective.knows($0.defined.stamp) && !$0.drops.any(perspective) }
    }

    /// The key results that count toward `objective` from `perspective` (known, not dropped, not
    /// moved away; moved to it), in definition order.
    public func activeKeyResults(of objective: String, _ perspective: Perspective) -> [KeyResultRecord] {
        (keyResultsByObjective[objective] ?? []).compactMap { keyResults[$0] }
            .filter { perspective.knows($0.defined.stamp) && !$0.drops.any(perspective) && $0.objective(perspective) == objective }
    }

    /// Whether `team` takes part in `objective` from `perspective`: it is the team's, or the team
    /// works on one of its key results (a shared objective, SPEC §10).
    public func involves(_ objective: ObjectiveRecord, team: String, _ perspective: Perspective) -> Bool {
        let current = objective.current(perspective)
        if current.team == team { return true }
        return activeKeyResults(of: current.id, perspective).contains { $0.current(perspective).team == team }
    }

    /// Person `id` as last recorded from `perspective`.
    public func person(_ id: String, _ perspective: Perspective) -> PersonRecorded? {
        people[id]?.latest(perspective)?.value
    }

    /// Everyone recorded from `perspective`, by id.
    public func knownPeople(_ perspective: Perspective) -> [PersonRecorded] {
        people.keys.sorted().compactMap { person($0, perspective) }
    }

    /// The backlog items linked to `subject` as of the perspective, in link order.
    public func linkedWorkItems(of subject: String, _ perspective: Perspective) -> [WorkItem] {
        var items: [WorkItem] = []
        for entry in workItems[subject]?.visible(perspective) ?? [] {
            items.removeAll { $0.ref == entry.value.ref }
            if entry.value.linked { items.append(WorkItem(ref: entry.value.ref, title: entry.value.title)) }
        }
        return items
    }

    /// Insights whose expiry has passed by `now` with no `InsightExpired` recorded for that expiry:
    /// what the daemon must append (each effective at its expiry).
    public func dueExpirations(now: Instant) -> [InsightExpired] {
        let perspective = Perspective(at: now)
        return insights.values.compactMap { record -> InsightExpired? in
            let expiry = record.expiresAt(perspective)
            guard expiry <= now else { return nil }
            let recorded = record.expirations.entries.contains { $0.value.expiresAt == expiry }
            return recorded ? nil : InsightExpired(id: record.defined.definition.id, expiresAt: expiry)
        }.sorted { ($0.expiresAt, $0.id) < ($1.expiresAt, $1.id) }
    }

    /// The earliest expiry after `now` among insights, for the daemon's timer.
    public func nextExpiry(after now: Instant) -> Instant? {
        let perspective = Perspective(at: now)
        return insights.values.map { $0.expiresAt(perspective) }.filter { $0 > now }.min()
    }

    /// Every team named anywhere (objectives, key results, people), in any version: teams are
    /// names in okr, not records.
    public var knownTeams: Set<String> {
        var teams = Set<String>()
        for record in objectives.values {
            teams.insert(record.defined.definition.team)
        }
        for record in keyResults.values {
            if let team = record.defined.definition.team { teams.insert(team) }
            for update in record.updates.entries { if let team = update.value.team { teams.insert(team) } }
        }
        for person in people.values {
            for entry in person.entries { teams.formUnion(entry.value.teams) }
        }
        teams.remove("")
        return teams
    }

    /// The cycles a status shows: the named one, else those active at `asOf`, else the latest
    /// started before it, else the earliest to come.
    public func selectCycles(_ id: String?, _ perspective: Perspective) -> [CycleRecord] {
        let known = knownCycles(perspective)
        if let id { return known.filter { $0.defined.definition.id == id } }
        let t = perspective.asOf
        let active = known.filter { $0.start <= t && t < $0.end }
        if !active.isEmpty { return active }
        if let past = known.last(where: { $0.start <= t }) { return [past] }
        return known.first.map { [$0] } ?? []
    }

    /// Ids of expired insights whose subject is `subject`.
    func expiredInsights(on subject: String, _ perspective: Perspective) -> [String] {
        insights.values.filter { $0.defined.definition.subject == subject && perspective.knows($0.defined.stamp) && $0.isExpired(perspective) }
            .map { $0.defined.definition.id }.sorted()
    }
}
