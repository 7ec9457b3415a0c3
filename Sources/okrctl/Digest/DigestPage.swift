import OKRPages
import Foundation
import OKREvents
import OKRProjections

/// The digest as one self-contained HTML page (the mail's HTML part, or `--format html`): no
/// script, no external asset, a small inline-SVG sparkline per key result. Made of ``HTML``
/// values only, so user text is escaped by construction, as in the report.
enum DigestPage {
    static func render(_ report: DigestReport) -> String {
        var body: HTML = "<h1>OKR digest <span class=\"muted\">\(DigestPhrases.window(report))</span></h1>"
        for cycle in report.cycles {
            body += "<h2>\(cycle.name) <span class=\"muted\">\(cycle.id)</span></h2>"
            if cycle.objectives.isEmpty { body += "<p class=\"muted\">Nothing shown.</p>" }
            for objective in cycle.objectives {
                body += """
                <h3>\(objective.id) · \(objective.title) <span class="muted">\(objective.team) · \(DigestPhrases.owner(objective.owner)) · \
                \(objective.kind.rawValue) · \(DigestPhrases.score(objective.scoreThen, objective.scoreNow))</span></h3>
                """
                // Scored from its children: what moved it is their moves, shown in their place.
                if !objective.children.isEmpty {
                    let children = objective.children.map { child -> HTML in
                        """
                        <tr><td><b>\(child.id)</b> \(child.title)</td><td>\(child.cycle)</td><td>\(child.team)</td>\
                        <td>\(Format.number(child.weight))</td><td>\(DigestPhrases.score(child.scoreThen, child.scoreNow))</td></tr>
                        """
                    }
                    body += """
                    <table><thead><tr><th>Child objective</th><th>Cycle</th><th>Team</th><th>Weight</th><th>Score</th></tr></thead>\
                    <tbody>\(children)</tbody></table>
                    """
                }
                if !objective.keyResults.isEmpty || objective.children.isEmpty {
                    body += """
                    <table><thead><tr><th>Key result</th><th>Owner</th><th>Value</th><th>Score</th><th>Pace</th><th>Confidence</th>\
                    <th>Trend</th></tr></thead><tbody>\(objective.keyResults.map(row))</tbody></table>
                    """
                }
            }
        }
        body += list("Insights", report.insights.map { "\(DigestPhrases.insight($0))" })
        body += list("Errors (okrctl lint)", report.findings.map { "\($0.code) \($0.subject): \($0.message)" })
        body += list("Quiet feeds", report.quietFeeds.map { "\(DigestPhrases.quietFeed($0))" })
        body += list("KPIs", report.kpiChanges.map { "\(DigestPhrases.kpiChange($0))" })
        body += list("Reviews", report.reviews.map { "\(DigestPhrases.review($0))" })
        body += list("Retrospectives", report.retros.map { "\(DigestPhrases.retro($0))" })
        body += list("Due", report.due.map { "\(DigestPhrases.due($0))" })
        let page: HTML = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>OKR digest \(DigestPhrases.window(report))</title>
        <style>\(css)</style></head><body>\(body)</body></html>

        """
        return page.markup
    }

    private static func row(_ kr: DigestReport.KeyResult) -> HTML {
        let checkIns = kr.checkIns.map { checkIn -> HTML in
            let note: HTML = checkIn.note.map { ": \($0)" } ?? .empty
            return "<li>\(Format.day(checkIn.at)) \(Format.checkIn(confidence: checkIn.confidence, status: checkIn.status)) \(checkIn.author)\(note)</li>"
        }
        let notes: HTML = checkIns.isEmpty ? .empty : "<ul class=\"notes\">\(checkIns)</ul>"
        let dropped: HTML = kr.confidenceDropped ? " <b class=\"drop\">dropped</b>" : .empty
        return """
        <tr><td><b>\(kr.id)</b> \(kr.title)\(notes)</td><td>\(DigestPhrases.owner(kr.owner))</td><td>\(DigestPhrases.value(kr))</td>\
        <td>\(DigestPhrases.score(kr.scoreThen, kr.scoreNow))</td><td>\(DigestPhrases.pace(kr))</td>\
        <td>\(DigestPhrases.confidence(kr) ?? "–")\(dropped)</td><td>\(Sparkline.svg(kr.series))</td></tr>
        """
    }

    private static func list(_ title: String, _ items: [String]) -> HTML {
        guard !items.isEmpty else { return .empty }
        return "<h2>\(title)</h2><ul>\(items.map { item -> HTML in "<li>\(item)</li>" })</ul>"
    }

    private static let css: HTML = """
    body{font-family:system-ui,sans-serif;margin:1.5em;color:#1d2330}h1,h2,h3{font-weight:600}.muted{color:#6b7280;font-weight:400}\
    table{border-collapse:collapse;width:100%;margin-bottom:1em}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}\
    .notes{margin:4px 0 0 1em;padding:0;color:#374151;font-size:.9em}.drop{color:#b91c1c}\
    .spark polyline{fill:none;stroke:#2563eb;stroke-width:1.5}
    """
}
