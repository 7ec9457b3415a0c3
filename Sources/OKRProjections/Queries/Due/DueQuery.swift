import OKREvents

/// What a `due` query asks for.
public struct DueQuery: Hashable, Sendable {
    public var perspective: Perspective
    /// Only what this person owns.
    public var owner: String?
    /// Only this team's: objectives of the team, key results the team works on.
    public var team: String?
    /// Insights expiring within this many seconds are due (default 7 days).
    public var withinSeconds: Double

    public init(perspective: Perspective, owner: String? = nil, team: String? = nil, withinSeconds: Double = 7 * 86_400) {
        self.perspective = perspective
        self.owner = owner
        self.team = team
        self.withinSeconds = withinSeconds
    }
}

extension DueQuery: ModelQuery {
    /// What needs someone as of the perspective, in the cycles running then: check-ins missed,
    /// feeds gone quiet, insights about to expire, commitments forecast to fall short. Ordered by
    /// owner (the unowned last), then by when each became due.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> DueReport {
        let query = self
        let perspective = query.perspective
        let t = perspective.asOf
        var items: [DueReport.Item] = []
        var scores = ObjectiveScores()  // one per answer: an annual objective's children are scored once
        for cycle in model.selectCycles(nil, perspective) where cycle.start <= t && t < cycle.end {
            for record in model.activeObjectives(in: cycle.defined.definition.id, perspective) {
                let status = Evaluator(model).evaluate(record, in: cycle, perspective, settings: settings, scores: &scores)
                let objectiveShown = query.team == nil || status.team == query.team
                var forecast = 0.0
                var weights = 0.0
                for kr in status.krs {
                    forecast += kr.weight * (kr.forecastScore ?? kr.score ?? 0)
                    weights += kr.weight
                    guard query.team == nil || kr.team == query.team else { continue }
                    items += Self.dueItems(kr, in: cycle, at: t, calendar: model.calendar, settings: settings)
                }
                for kr in status.krs where query.team == nil || kr.team == query.team {
                    items += expiringInsights(on: kr.id, owner: kr.owner, in: model)
                }
                guard objectiveShown else { continue }
                if status.kind == .committed, weights > 0, forecast / weights < 1 {
                    items.append(DueReport.Item(
                        owner: status.owner, subject: status.id, kind: .commitmentAtRisk, since: nil,
                        message: "committed objective \(status.id) is forecast to score \(Wording.number((forecast / weights * 100).rounded() / 100)) "
                            + "of the 1.0 it committed to: replan or say so now"))
                }
                items += expiringInsights(on: status.id, owner: status.owner, in: model)
            }
        }
        for record in model.kpis.values where record.retirement(perspective) == nil {
            guard let entry = model.kpiEntry(record, perspective), entry.health == .unhealthy,
                  query.team == nil || entry.team == query.team else { continue }
            items.append(DueReport.Item(
                owner: entry.owner, subject: entry.id, kind: .unhealthyKPI, since: entry.since,
                message: "KPI \(entry.id) \(entry.name) is out of its band \(KPIEntry.bandText(entry.band.min, entry.band.max)) "
                    + "at \(entry.value.map(Wording.number) ?? "–") since \(entry.since.map { CalendarDay(containing: $0).description } ?? "–"): bring it back or say why"))
        }
        if let owner = query.owner { items.removeAll { $0.owner != owner } }
        items.sort { a, b in
            if a.owner != b.owner { return (a.owner ?? "\u{10FFFF}") < (b.owner ?? "\u{10FFFF}") }
            if a.since != b.since { return (a.since ?? .distantFuture) < (b.since ?? .distantFuture) }
            return (a.subject, a.kind.rawValue) < (b.subject, b.kind.rawValue)
        }
        return DueReport(asOf: t, items: items)
    }

    /// A key result's missed check-in and quiet feed, judged as `lint` judges them (OKR006, OKR005).
    private static func dueItems(_ kr: KeyResultStatus, in cycle: CycleRecord, at t: Instant, calendar: LocalCalendar,
                                 settings: ProjectionSettings) -> [DueReport.Item] {
        var items: [DueReport.Item] = []
        // Any check-in counts: a status or a note alone is the team checking in (SPEC §10).
        let checkInDue = CheckInCadence.dueAt(after: kr.checkInAt, cycleStart: cycle.start, calendar: calendar, settings: settings)
        if checkInDue <= t {
            let last = kr.checkInAt.map { "the last was on \(calendar.day(containing: $0))" } ?? "there has been none this cycle"
            items.append(DueReport.Item(owner: kr.owner, subject: kr.id, kind: .checkIn, since: checkInDue,
                                        message: "check in on \(kr.id) (\(kr.title)): \(last)"))
        }
        if let quietFrom = QuietFeed.since(lastObservedAt: kr.currentAt, cycleStart: cycle.start, at: t, settings: settings) {
            let last = kr.currentAt.map { "last observed on \(CalendarDay(containing: $0))" } ?? "never observed"
            items.append(DueReport.Item(owner: kr.owner, subject: kr.id, kind: .quietFeed, since: quietFrom,
                                        message: "the feed of \(kr.metric) for \(kr.id) has gone quiet (\(last)): is it broken?"))
        }
        return items
    }

    /// Insights on `subject` that expire within the query's window (or have expired unrenewed).
    private func expiringInsights(on subject: String, owner: String?, in model: OKRModel) -> [DueReport.Item] {
        let horizon = perspective.asOf.adding(seconds: withinSeconds)
        return model.insights.values
            .filter { $0.defined.definition.subject == subject && perspective.knows($0.defined.stamp) }
            .compactMap { record -> DueReport.Item? in
                let expiry = record.expiresAt(perspective)
                guard expiry <= horizon else { return nil }
                let id = record.defined.definition.id
                let when = expiry <= perspective.asOf ? "expired on" : "expires on"
                return DueReport.Item(owner: owner, subject: id, kind: .expiringInsight, since: expiry,
                                      message: "insight \(id) on \(subject) \(when) \(CalendarDay(containing: expiry)): renew it with fresh evidence or let it go")
            }
            .sorted { $0.subject < $1.subject }
    }
}
