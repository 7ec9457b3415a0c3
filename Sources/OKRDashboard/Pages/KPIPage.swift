import OKREvents
import OKRPages
import OKRProjections

/// `/kpis`: the KPIs beside the OKRs (SPEC §14): value against band, health as a word and a
/// colour, since when, and the last 30 days.
enum KPIPage {
    static func content(_ report: KPIReport) -> HTML {
        guard !report.kpis.isEmpty else { return "<h1>KPIs</h1><p class=\"muted\">No KPIs in this view.</p>" }
        let rows = report.kpis.map { kpi -> HTML in
            let points = kpi.sparkline.enumerated().compactMap { index, value -> SeriesPoint? in
                value.map { SeriesPoint(at: report.asOf.adding(seconds: Double(index - 29) * 86_400), value: $0) }
            }
            let band = KPIEntry.bandText(kpi.band.min, kpi.band.max) + (kpi.window > 1 ? " over \(kpi.window) days" : "")
            return """
            <tr data-kpi="\(kpi.id)"><td data-label="KPI">\(kpi.name) <span class="muted">\(kpi.id)</span></td>\
            <td data-label="Owner">\(kpi.owner ?? "nobody")\(kpi.team.map { " · " + $0 } ?? "")</td>\
            <td class="num" data-field="value" data-label="Value">\(Format.number(kpi.value))</td>\
            <td data-label="Band">\(band)</td><td data-field="health" data-label="Health">\(health(kpi.health))</td>\
            <td data-label="Since">\(Format.day(kpi.since))</td>\
            <td data-label="30 days">\(Sparkline.svg(points, label: "last 30 days of \(kpi.id)"))</td></tr>
            """
        }.joined()
        return """
        <h1>KPIs</h1><table class="krs kpis"><thead><tr><th>KPI</th><th>Owner</th><th>Value</th><th>Band</th><th>Health</th>\
        <th>Since</th><th>30 days</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }

    /// A health as a symbol and a word, its colour as a class (never the colour alone).
    static func health(_ health: KPIHealth) -> HTML {
        let (symbol, word): (String, String) = switch health {
        case .healthy: ("●", "healthy")
        case .unhealthy: ("▼", "unhealthy")
        case .unknown: ("○", "unknown")
        }
        return "<span class=\"health health-\(health.rawValue)\">\(symbol) \(word)</span>"
    }
}
