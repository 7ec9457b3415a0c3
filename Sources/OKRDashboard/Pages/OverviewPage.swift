import OKREvents
import OKRPages
import OKRProjections

/// `/`: the cycles containing the as-of instant, one card per objective (title, team, owner,
/// score bar with its number, parents) and per key result current → target, score, pace, forecast
/// and P(hit), confidence with its trend, a history sparkline, and the last check-in.
enum OverviewPage {
    /// What the page is drawn from: `status` for the view, and each key result's sparkline from
    /// `series` for the same view (by key result id).
    struct Inputs {
        var status: StatusReport
        var histories: [String: [SeriesPoint]]
    }

    static func content(_ inputs: Inputs, view: ViewQuery, screen: KioskScreen? = nil) -> HTML {
        let heading: HTML = screen.map { "<p class=\"screen\"><b>\($0.team)</b> <span class=\"muted\">\($0.index + 1) of \($0.count)</span></p>" } ?? .empty
        guard !inputs.status.cycles.isEmpty else { return heading + "<p class=\"muted\">No cycle contains this date.</p>" }
        return heading + inputs.status.cycles.map { cycle(cycle: $0, inputs: inputs, view: view) }.joined()
    }

    private static func cycle(cycle: CycleStatus, inputs: Inputs, view: ViewQuery) -> HTML {
        let cards: HTML = cycle.objectives.isEmpty ? "<p class=\"muted\">No objectives in this view.</p>"
            : cycle.objectives.map { objective(objective: $0, inputs: inputs, view: view) }.joined()
        return """
        <section class="cycle" data-cycle="\(cycle.id)"><h1>\(cycle.name) <span class="muted">\(cycle.id)</span></h1>
        <p class="muted">\(cycle.start.description) → \(cycle.end.description) · \(Format.percent(cycle.expected)) of the cycle elapsed · \
        alignment \(Format.percent(cycle.alignment))</p>
        \(cards)</section>
        """
    }

    private static func objective(objective: ObjectiveStatus, inputs: Inputs, view: ViewQuery) -> HTML {
        let parents: HTML = objective.parents.isEmpty ? .empty
            : "<p class=\"parents muted\">serves \(objective.parents.map { "\($0.id) (×\(Format.number($0.weight)))" }.joined(separator: ", "))</p>"
        return """
        <article class="objective" id="\(objective.id)"><h2>\(objective.title)</h2>
        <p class="muted">\(objective.id) · \(objective.team) · \(objective.owner ?? "no owner") · \(objective.kind.rawValue)</p>
        <p class="score">\(Layout.scoreBar(objective.score))</p>\(parents)
        <table class="krs"><thead><tr><th>Key result</th><th>Now → target</th><th>Score</th><th>Pace</th><th>Forecast</th>\
        <th>P(hit)</th><th>Confidence</th><th>History</th><th>Last check-in</th></tr></thead>
        <tbody>\(objective.krs.map { keyResult($0, history: inputs.histories[$0.id] ?? [], view: view) }.joined())</tbody></table></article>
        """
    }

    static func keyResult(_ kr: KeyResultStatus, history: [SeriesPoint], view: ViewQuery) -> HTML {
        let trend: String = switch kr.confidenceTrend {
        case let change? where change > 0: " ↑"
        case let change? where change < 0: " ↓"
        default: ""
        }
        let checkIn = kr.checkInAt.map { Format.day($0) + (kr.checkInStatus.map { " · " + $0.rawValue } ?? "") } ?? "none"
        return """
        <tr data-kr="\(kr.id)"><td data-label="Key result"><a href="/kr/\(Layout.segment(kr.id))\(view.queryString)">\(kr.title)</a> \
        <span class="muted">\(kr.id)</span></td>\
        <td class="num" data-field="current" data-label="Now → target">\(Format.number(kr.current, unit: kr.unit)) → \
        \(Format.number(kr.target, unit: kr.unit))</td>\
        <td class="num" data-field="score" data-label="Score">\(Format.number(kr.score.map { ($0 * 100).rounded() / 100 }))</td>\
        <td data-field="pace" data-label="Pace">\(Layout.pace(kr.pace))</td>\
        <td class="num" data-label="Forecast">\(Format.figure(kr.forecast, unit: kr.unit, like: [kr.target, kr.baseline]))</td>\
        <td class="num" data-label="P(hit)">\(Format.percent(kr.forecastProbability))</td>\
        <td class="num" data-label="Confidence">\(Format.confidence(kr.confidence))\(trend)</td>\
        <td data-label="History">\(Sparkline.svg(history, label: "history of \(kr.id)"))</td><td data-label="Last check-in">\(checkIn)</td></tr>
        """
    }
}
