import OKREvents

extension ApplyPlanner {
    /// A `KPIDefined` for each KPI new to the log, a `KPIUpdated` with what changed for the
    /// others; a retired one cannot come back under its id.
    mutating func planKPIs() throws(PlanError) {
        for kpi in document.kpis {
            let wanted = kpi.definition
            try requireKnown(wanted.owner, of: "KPI \(wanted.id)")
            guard let record = model.kpis[wanted.id] else {
                add(.create, "kpi", wanted.id, "\(wanted.name) on \(wanted.metric), band \(KPIEntry.bandText(wanted.min, wanted.max))",
                    .kpiDefined(wanted), at: kpi.at)
                continue
            }
            guard record.retirement(perspective) == nil else { throw PlanError("KPI \(wanted.id) was retired; declare it under a new id") }
            guard let existing = record.current(perspective) else {
                throw PlanError("KPI \(wanted.id) counts only from \(record.defined.stamp.effectiveAt) in the log")
            }
            var update = KPIUpdated(id: wanted.id)
            if existing.metric != wanted.metric { update.metric = wanted.metric }
            if existing.name != wanted.name { update.name = wanted.name }
            if existing.team != wanted.team { update.team = wanted.team ?? "" }
            if existing.owner != wanted.owner { update.owner = wanted.owner ?? "" }
            if existing.min != wanted.min || existing.max != wanted.max { (update.band, update.min, update.max) = (true, wanted.min, wanted.max) }
            if existing.window != wanted.window { update.window = wanted.window }
            let summary = update.summary
            guard summary != "no change" else { continue }
            add(.update, "kpi", wanted.id, summary, .kpiUpdated(update))
        }
    }
}
