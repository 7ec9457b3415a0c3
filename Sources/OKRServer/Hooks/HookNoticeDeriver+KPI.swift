import OKREvents
import OKRProjections

extension HookNoticeDeriver {
    /// `kpi.health` for each KPI watching `metric` (or each of `kpis`) whose health differs just
    /// before and at the commit (SPEC §14). A KPI defined by the event was nothing before it:
    /// its first health is news. A change that comes with time alone (an observation leaving
    /// the window) has no event, and is told by `digest` and `due`, not here.
    func kpiNotices(kpis ids: [String]?, metric: String?, _ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let (before, after) = perspectives(event)
        let records = ids.map { $0.compactMap { model.kpis[$0] } }
            ?? model.kpis.values.filter { $0.current(after)?.metric == metric }.sorted { $0.defined.definition.id < $1.defined.definition.id }
        var notices: [HookNotice] = []
        for record in records where record.retirement(after) == nil {
            guard let now = model.kpiEntry(record, after) else { continue }
            let was = model.kpiEntry(record, before)?.health
            guard was != now.health else { continue }
            let name = "KPI \(SafeText.visible(now.id)) “\(SafeText.visible(now.name))” (\(SafeText.visible(now.owner ?? "no owner"))"
                + (now.team.map { ", team \(SafeText.visible($0))" } ?? "") + ")"
            let band = KPIEntry.bandText(now.band.min, now.band.max)
            let value = now.value.map(\.plainText) ?? "none"
            notices.append(HookNotice(
                kind: .kpiHealth, seq: event.seq, subject: now.id, team: now.team, owner: now.owner,
                title: "KPI \(SafeText.visible(now.id)) \(now.health.rawValue)",
                line: "\(name): \(was.map { $0.rawValue + " → " } ?? "")\(now.health.rawValue); \(SafeText.visible(now.metric)) at \(value) "
                    + "over \(now.window) d, band \(band)",
                facts: [.init(label: "KPI", value: SafeText.visible(now.id)), .init(label: "Health", value: now.health.rawValue),
                        .init(label: "Value", value: value), .init(label: "Band", value: band)],
                at: event.recordedAt, event: Self.json(event), subjectJSON: Self.json(now)))
        }
        return notices
    }
}
