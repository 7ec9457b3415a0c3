import OKREvents

/// What `metric tree` asks: the metric tree as `perspective` sees it, under one north star or all.
public struct MetricTreeQuery: Hashable, Sendable {
    public var northStar: String?
    public var perspective: Perspective

    public init(northStar: String? = nil, _ perspective: Perspective) {
        self.northStar = northStar
        self.perspective = perspective
    }
}

extension MetricTreeQuery: ModelQuery {
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> MetricTreeReport {
        let links = model.activeMetricLinks(perspective)
        var inputs: [String: [(metric: String, linked: MetricLinked)]] = [:]
        for (link, linked) in links { inputs[link.lagging, default: []].append((link.leading, linked)) }
        var measuredBy: [String: [String]] = [:]
        for record in model.keyResults.values where perspective.knows(record.defined.stamp) && !record.drops.any(perspective) {
            measuredBy[record.current(perspective).metric, default: []].append(record.defined.definition.id)
        }
        var kpisOf: [String: [String]] = [:]
        for record in model.kpis.values where record.retirement(perspective) == nil {
            if let state = record.current(perspective) { kpisOf[state.metric, default: []].append(state.id) }
        }
        var cache = DailySeriesCache(model, perspective)
        func evidence(_ leading: String, _ lagging: String, note: String?) -> LinkEvidence {
            switch cache.lead(leading, lagging) {
            case nil:
                return LinkEvidence(note: note, commonDays: 0, verdict: "no history to test")
            case .success(let report)?:
                return LinkEvidence(note: note, commonDays: report.commonDays, leads: report.leads, lag: report.best.lag,
                                    r: report.best.r, p: report.best.p, verdict: report.verdict)
            case .failure(let shortage)?:
                return LinkEvidence(note: note, commonDays: shortage.commonDays, verdict: shortage.message)
            }
        }
        var placed: Set<String> = []
        func node(_ metric: String, northStar: String?, link: LinkEvidence?, path: Set<String>) -> MetricNode {
            placed.insert(metric)
            let children = (inputs[metric] ?? []).sorted { $0.metric < $1.metric }.filter { !path.contains($0.metric) }.map {
                node($0.metric, northStar: nil, link: evidence($0.metric, metric, note: $0.linked.note), path: path.union([$0.metric]))
            }
            return MetricNode(metric: metric, northStar: northStar, keyResults: (measuredBy[metric] ?? []).sorted(),
                              kpis: (kpisOf[metric] ?? []).sorted(), link: link, inputs: children)
        }
        var roots: [MetricNode] = []
        for star in model.northStars.values.sorted(by: { $0.definition.id < $1.definition.id })
        where perspective.knows(star.stamp) && (northStar == nil || northStar == star.definition.id) {
            roots.append(node(star.definition.metric, northStar: star.definition.id, link: nil, path: [star.definition.metric]))
        }
        if northStar == nil {
            // Metrics that drive others but reach no north star: the top of each such chain.
            let driven = Set(links.keys.map(\.lagging))
            let leading = Set(links.keys.map(\.leading))
            for metric in driven.subtracting(leading).sorted() where !placed.contains(metric) {
                roots.append(node(metric, northStar: nil, link: nil, path: [metric]))
            }
        }
        return MetricTreeReport(asOf: perspective.asOf, roots: roots)
    }
}
