import OKREvents
import OKRPages
import OKRProjections
import OKRWire

/// `/kr/ID`: the key result's history chart (its values, the expected or planned line, check-ins
/// marked), its check-ins, insights and links.
enum KeyResultPage {
    static func content(_ detail: KeyResultDetail, cycle: CycleSummary?, view: ViewQuery) -> HTML {
        let kr = detail.kr
        let chart: HTML = cycle.map { SVGChart.burnUp(detail, start: $0.start.start, end: $0.end.next.start) } ?? .empty
        let checkIns = detail.checkIns.reversed().map { entry -> HTML in
            let cells: HTML = "<td>\(Format.day(entry.at))</td><td>\(Format.confidence(entry.confidence))</td><td>\(entry.status?.rawValue ?? "")</td>"
            return "<tr>\(cells)<td>\(entry.author)</td><td class=\"note\">\(entry.note ?? "")</td></tr>"
        }.joined()
        let insights = detail.insights.map { insight -> HTML in
            "<li>\(insight.text) <span class=\"muted\">\(insight.id) · \(insight.expired ? "expired" : "expires") \(Format.day(insight.expiresAt))</span></li>"
        }.joined()
        let links = detail.workItems.map { item -> HTML in "<li>\(item.ref)\(item.title.map { " — " + $0 } ?? "")</li>" }.joined()
        let checkInTable: HTML = detail.checkIns.isEmpty ? "<p class=\"muted\">None yet.</p>"
            : "<table class=\"checkins\"><thead><tr><th>Date</th><th>Confidence</th><th>Status</th><th>By</th><th>Note</th></tr></thead><tbody>\(checkIns)</tbody></table>"
        let insightList: HTML = detail.insights.isEmpty ? "<p class=\"muted\">None.</p>" : "<ul>\(insights)</ul>"
        let initiatives = detail.initiatives.map { initiative -> HTML in
            "<li>\(initiative.title) <span class=\"muted\">\(initiative.id) · \(initiative.state) · \(initiative.owner ?? "no owner")</span></li>"
        }.joined()
        let initiativeList: HTML = detail.initiatives.isEmpty ? "<p class=\"muted\">None.</p>" : "<ul class=\"initiatives\">\(initiatives)</ul>"
        let linkList: HTML = detail.workItems.isEmpty ? "<p class=\"muted\">None.</p>" : "<ul>\(links)</ul>"
        return """
        <p><a href="/\(view.queryString)#\(detail.objective)">← \(detail.objectiveTitle)</a></p>
        <h1>\(kr.title) <span class="muted">\(kr.id)</span></h1>
        <p class="muted">\(kr.metric) · \(kr.kind.rawValue) · owner \(kr.owner ?? "none") · team \(kr.team) · cycle \(detail.cycle)</p>
        <p class="figures" data-kr="\(kr.id)"><span data-field="current">\(Format.number(kr.current, unit: kr.unit)) → \
        \(Format.number(kr.target, unit: kr.unit))</span> · score \(Layout.scoreBar(kr.score, pace: kr.pace)) · \
        \(Layout.pace(kr.pace)) · forecast \(Format.figure(kr.forecast, unit: kr.unit, like: [kr.target, kr.baseline])) · P(hit) \(Format.percent(kr.forecastProbability)) · \
        confidence \(Format.confidence(kr.confidence))</p>
        <figure class="chart">\(chart)</figure>
        <h2>Check-ins</h2>
        \(checkInTable)
        <h2>Initiatives <span class="muted">(never scored)</span></h2>
        \(initiativeList)
        <h2>Insights</h2>
        \(insightList)
        <h2>Links</h2>
        \(linkList)
        """
    }
}
