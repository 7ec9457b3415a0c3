import OKREvents

/// What `kpi list` asks: the KPIs not retired as `perspective` sees them, one team's or owner's.
public struct KPIListQuery: Hashable, Sendable {
    public var perspective: Perspective
    public var team: String?
    public var owner: String?

    public init(_ perspective: Perspective, team: String? = nil, owner: String? = nil) {
        (self.perspective, self.team, self.owner) = (perspective, team, owner)
    }
}

extension KPIListQuery: ModelQuery {
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> KPIReport {
        let entries = model.kpis.values.sorted { $0.defined.definition.id < $1.defined.definition.id }.compactMap { record -> KPIEntry? in
            guard record.retirement(perspective) == nil, let entry = model.kpiEntry(record, perspective) else { return nil }
            if let team, entry.team != team { return nil }
            if let owner, entry.owner != owner { return nil }
            return entry
        }
        return KPIReport(asOf: perspective.asOf, kpis: entries)
    }
}

/// What `kpi show ID` asks.
public struct KPIShowQuery: Hashable, Sendable {
    public var id: String
    public var perspective: Perspective

    public init(_ id: String, _ perspective: Perspective) {
        (self.id, self.perspective) = (id, perspective)
    }
}

extension KPIShowQuery: ModelQuery {
    /// `nil` when no such KPI is defined as of the perspective.
    public func answer(from model: OKRModel, settings: ProjectionSettings) -> KPIDetail? {
        guard let record = model.kpis[id], let entry = model.kpiEntry(record, perspective) else { return nil }
        let retirement = record.retirement(perspective)
        var history = [KPIHistoryEntry(at: record.defined.stamp.effectiveAt, type: "KPIDefined",
                                       detail: "defined on \(record.defined.definition.metric), band \(KPIEntry.bandText(record.defined.definition.min, record.defined.definition.max)), window \(record.defined.definition.window) d")]
        for update in record.updates.visible(perspective) {
            history.append(KPIHistoryEntry(at: update.stamp.effectiveAt, type: "KPIUpdated", detail: update.value.summary))
        }
        if let retirement {
            history.append(KPIHistoryEntry(at: retirement.stamp.effectiveAt, type: "KPIRetired", detail: retirement.value.reason ?? "retired"))
        }
        return KPIDetail(asOf: perspective.asOf, kpi: entry, retiredAt: retirement?.stamp.effectiveAt, reason: retirement?.value.reason,
                         changes: model.healthChanges(of: record, perspective), history: history)
    }
}

extension OKRModel {
    /// `record` as it stands from `perspective` (health and value at its retirement when retired);
    /// `nil` before its definition.
    public func kpiEntry(_ record: KPIRecord, _ perspective: Perspective) -> KPIEntry? {
        guard let state = record.current(perspective) else { return nil }
        let at = min(perspective.asOf, record.retirement(perspective)?.stamp.effectiveAt ?? .distantFuture)
        let value = kpiValue(state, at: at, perspective)
        let health = value.map { state.holds($0) ? KPIHealth.healthy : .unhealthy } ?? .unknown
        let changes = healthChanges(of: record, perspective)
        let today = DaySummary.day(of: at)
        let sparkline = (today - 29...today).map { day -> Double? in
            let end = Swift.min(DaySummary.last(of: day), at)
            return end < record.defined.stamp.effectiveAt ? nil : kpiValue(state, at: end, perspective)
        }
        return KPIEntry(id: state.id, name: state.name, metric: state.metric, team: state.team, owner: state.owner,
                        band: KPIBand(min: state.min, max: state.max), window: state.window, value: value, health: health,
                        since: changes.last?.at ?? record.defined.stamp.effectiveAt, sparkline: sparkline)
    }
}

extension KPIEntry {
    /// `≥ 10`, `≤ 5`, `10..20`.
    public static func bandText(_ min: Double?, _ max: Double?) -> String {
        switch (min, max) {
        case let (low?, high?): "\(low.plainText)..\(high.plainText)"
        case let (low?, nil): "≥ \(low.plainText)"
        case let (nil, high?): "≤ \(high.plainText)"
        case (nil, nil): "any"
        }
    }
}

extension KPIUpdated {
    /// What changed, in a line.
    public var summary: String {
        var parts: [String] = []
        if let metric { parts.append("metric \(metric)") }
        if let name { parts.append("name \(name)") }
        if let team { parts.append(team.isEmpty ? "no team" : "team \(team)") }
        if let owner { parts.append(owner.isEmpty ? "no owner" : "owner \(owner)") }
        if band { parts.append("band \(KPIEntry.bandText(min, max))") }
        if let window { parts.append("window \(window) d") }
        return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
    }
}
