import OKREvents

extension OKRModel {
    /// The links between metrics in force from `perspective`, each with its `MetricLinked`.
    public func activeMetricLinks(_ perspective: Perspective) -> [MetricLink: MetricLinked] {
        var active: [MetricLink: MetricLinked] = [:]
        for (link, timeline) in metricLinks {
            if let entry = timeline.latest(perspective), let linked = entry.value { active[link] = linked }
        }
        return active
    }

    /// Whether linking `leading` to drive `lagging` would close a loop among `links`: whether
    /// `lagging` already drives `leading`, directly or through others.
    public static func closesLoop(_ leading: String, drives lagging: String, among links: some Collection<MetricLink>) -> Bool {
        var drives: [String: [String]] = [:]
        for link in links { drives[link.leading, default: []].append(link.lagging) }
        var seen: Set<String> = [lagging]
        var stack = [lagging]
        while let metric = stack.popLast() {
            if metric == leading { return true }
            for next in drives[metric] ?? [] where seen.insert(next).inserted { stack.append(next) }
        }
        return false
    }

    /// Whether `metric` has an observation or is named by a key result, north star or KPI.
    public func knowsMetric(_ metric: String, _ perspective: Perspective) -> Bool {
        if metrics[metric] != nil || northStars.values.contains(where: { $0.definition.metric == metric }) { return true }
        if keyResults.values.contains(where: { $0.current(perspective).metric == metric }) { return true }
        if kpis.values.contains(where: { $0.current(perspective)?.metric == metric || $0.defined.definition.metric == metric }) { return true }
        return latestObservation(of: metric, perspective) != nil
    }
}
