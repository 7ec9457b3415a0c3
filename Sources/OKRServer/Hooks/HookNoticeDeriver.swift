import OKREvents
import OKRProjections
import OKRWire

/// Tells what an event means for hooks (SPEC §13): a check-in, a confidence drop, a key result's
/// pace or a KPI's health changed as the projection saw it at the event's commit, an insight
/// expired, a cycle closed, something new in a reviewer's inbox (SPEC §15). The answer depends only on the log up to the event, so a re-derived notice after a
/// restart is the one sent before, and so is its delivery id.
struct HookNoticeDeriver: Sendable {
    let settings: ProjectionSettings
    /// The kinds some hook takes: the others are not derived (a pace check costs two evaluations).
    let wanted: Set<HookKind>

    /// The notices of `event` in `model` (a copy of the projection taken after the event's
    /// commit); `previous` is the event before it in the log, if read, which spares a second
    /// pace check for the rest of a batch of observations of one metric.
    func notices(for event: StoredEvent, previous: StoredEvent?, in model: OKRModel) -> [HookNotice] {
        switch event.payload {
        case .checkInRecorded(let checkIn):
            let inbox = wanted.contains(.inbox) ? inboxNotices(event, model) : []
            guard wanted.contains(.checkin) || wanted.contains(.confidenceDrop) else { return inbox }
            if checkIn.objective != nil {
                return (wanted.contains(.checkin) ? objectiveCheckInNotices(checkIn, event, model) : []) + inbox
            }
            return checkInNotices(checkIn, event, model) + inbox
        case .retrospectiveRecorded:
            return wanted.contains(.inbox) ? inboxNotices(event, model) : []
        case .metricObserved(let observation):
            guard wanted.contains(.krPace) || wanted.contains(.kpiHealth) else { return [] }
            if case .metricObserved(let earlier) = previous?.payload, earlier.metric == observation.metric,
               previous?.recordedAt == event.recordedAt {
                return []
            }
            return (wanted.contains(.krPace) ? paceNotices(keyResults: nil, metric: observation.metric, event, model) : [])
                + (wanted.contains(.kpiHealth) ? kpiNotices(kpis: nil, metric: observation.metric, event, model) : [])
        case .kpiDefined(let data):
            return wanted.contains(.kpiHealth) ? kpiNotices(kpis: [data.id], metric: nil, event, model) : []
        case .kpiUpdated(let data):
            return wanted.contains(.kpiHealth) ? kpiNotices(kpis: [data.id], metric: nil, event, model) : []
        case .keyResultRetargeted(let data):
            return wanted.contains(.krPace) ? paceNotices(keyResults: [data.id], metric: nil, event, model) : []
        case .keyResultPlanned(let data):
            return wanted.contains(.krPace) ? paceNotices(keyResults: [data.id], metric: nil, event, model) : []
        case .insightExpired(let data): return wanted.contains(.insightExpired) ? insightNotices(data, event, model) : []
        case .cycleClosed(let data): return wanted.contains(.cycleClosed) ? cycleNotices(data, event, model) : []
        default: return []
        }
    }

    /// Whether `event` can make a notice at all: the others need no copy of the projection.
    static func mayNotify(_ event: StoredEvent) -> Bool {
        switch event.payload {
        case .checkInRecorded, .metricObserved, .keyResultRetargeted, .keyResultPlanned, .insightExpired, .cycleClosed,
             .kpiDefined, .kpiUpdated, .retrospectiveRecorded: true
        default: false
        }
    }

    /// The perspective of the commit, and the one just before it.
    func perspectives(_ event: StoredEvent) -> (before: Perspective, after: Perspective) {
        let at = event.recordedAt
        return (Perspective(asOf: at, knownAt: Instant(microsecondsSinceEpoch: at.microsecondsSinceEpoch - 1)), Perspective(at: at))
    }

    private func checkInNotices(_ checkIn: CheckInRecorded, _ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let (before, after) = perspectives(event)
        do {
            guard let (record, cycle) = Self.keyResult(checkIn.kr, in: model) else { return [] }
            let status = Evaluator(model).evaluate(record, in: cycle, after, settings: settings)
            let author = SafeText.visible(checkIn.author ?? event.actor)
            var parts: [String] = []
            if let confidence = checkIn.confidence { parts.append("confidence \(confidence)/10") }
            if let word = checkIn.status { parts.append(word.rawValue) }
            if let note = checkIn.note, !note.isEmpty { parts.append("“\(SafeText.visible(note))”") }
            var notices = [notice(.checkin, event, status, title: "\(status.id) checked in by \(author)",
                                  line: "\(Self.name(status)): check-in by \(author)" + (parts.isEmpty ? "" : ", " + parts.joined(separator: ", "))
                                      + "; \(Self.numbers(status))")]
            if let confidence = checkIn.confidence,
               let earlier = record.checkIns.visible(before).last(where: { $0.value.confidence != nil })?.value.confidence,
               earlier - confidence >= HookKind.confidenceDropThreshold {
                notices.append(notice(.confidenceDrop, event, status, title: "\(status.id) confidence fell to \(confidence)/10",
                                      line: "\(Self.name(status)): confidence fell from \(earlier) to \(confidence)/10 (\(author)); \(Self.numbers(status))"))
            }
            return notices.filter { wanted.contains($0.kind) }
        }
    }

    /// `kr.pace` for each key result measuring `metric` (or each of `keyResults`) whose pace
    /// differs just before and at the commit.
    private func paceNotices(keyResults: [String]?, metric: String?, _ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let (before, after) = perspectives(event)
        do {
            let ids = keyResults ?? model.keyResults.values
                .filter { $0.current(after).metric == metric && $0.drops.latest(after) == nil }
                .map(\.defined.definition.id).sorted()
            var notices: [HookNotice] = []
            for id in ids {
                guard let (record, cycle) = Self.keyResult(id, in: model),
                      cycle.start <= after.asOf, after.asOf < cycle.end, cycle.closes.latest(after) == nil else { continue }
                let evaluator = Evaluator(model)
                let was = evaluator.pace(of: record, in: cycle, before, settings: settings)
                let now = evaluator.pace(of: record, in: cycle, after, settings: settings)
                guard was != now, now != .noData else { continue }
                let status = evaluator.evaluate(record, in: cycle, after, settings: settings)
                notices.append(notice(.krPace, event, status, title: "\(status.id) \(status.pace.rawValue)",
                                      line: "\(Self.name(status)): pace \(was.rawValue) → \(status.pace.rawValue); \(Self.numbers(status))"))
            }
            return notices
        }
    }

    private func insightNotices(_ expired: InsightExpired, _ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let (_, after) = perspectives(event)
        do {
            guard let insight = model.insights[expired.id]?.defined.definition else { return [] }
            var team: String?
            var owner: String?
            var subjectJSON = "null"
            if let (record, cycle) = Self.keyResult(insight.subject, in: model) {
                let status = Evaluator(model).evaluate(record, in: cycle, after, settings: settings)
                (team, owner, subjectJSON) = (status.team, status.owner, Self.json(status))
            } else if let objective = model.objectives[insight.subject]?.current(after) {
                (team, owner) = (objective.team, objective.owner)
            }
            let line = "Insight \(SafeText.visible(insight.id)) on \(SafeText.visible(insight.subject))"
                + (owner.map { " (\(SafeText.visible($0)))" } ?? "") + " expired: “\(SafeText.visible(insight.text))”; renew it or let it go"
            return [HookNotice(kind: .insightExpired, seq: event.seq, subject: insight.id, team: team, owner: owner,
                               title: "Insight \(SafeText.visible(insight.id)) expired", line: line,
                               facts: [.init(label: "Insight", value: SafeText.visible(insight.id)),
                                       .init(label: "On", value: SafeText.visible(insight.subject))],
                               at: event.recordedAt, event: Self.json(event), subjectJSON: subjectJSON)]
        }
    }

    private func cycleNotices(_ closed: CycleClosed, _ event: StoredEvent, _ model: OKRModel) -> [HookNotice] {
        let name = model.cycles[closed.id]?.defined.definition.name
        let cycle = SafeText.visible(closed.id)
        let scored = closed.keyResults.count
        return [HookNotice(kind: .cycleClosed, seq: event.seq, subject: closed.id, team: nil, owner: nil,
                           title: "Cycle \(cycle) closed",
                           line: "Cycle \(cycle)" + (name.map { " (\(SafeText.visible($0)))" } ?? "")
                               + " closed by \(SafeText.visible(event.actor)): \(scored) key results scored; time for the retrospective",
                           facts: [.init(label: "Cycle", value: cycle), .init(label: "Key results", value: String(scored))],
                           at: event.recordedAt, event: Self.json(event), subjectJSON: "null")]
    }

    private func notice(_ kind: HookKind, _ event: StoredEvent, _ status: KeyResultStatus, title: String, line: String) -> HookNotice {
        var facts = [HookNotice.Fact(label: "Key result", value: SafeText.visible(status.id)),
                     HookNotice.Fact(label: "Owner", value: SafeText.visible(status.owner ?? "none")),
                     HookNotice.Fact(label: "Team", value: SafeText.visible(status.team)),
                     HookNotice.Fact(label: "Pace", value: status.pace.rawValue)]
        if let progress = status.progress { facts.append(.init(label: "Progress", value: Self.percent(progress))) }
        if let confidence = status.confidence { facts.append(.init(label: "Confidence", value: "\(confidence)/10")) }
        return HookNotice(kind: kind, seq: event.seq, subject: status.id, team: status.team, owner: status.owner,
                          title: SafeText.visible(title), line: line, facts: facts, at: event.recordedAt,
                          event: Self.json(event), subjectJSON: Self.json(status))
    }

    static func keyResult(_ id: String, in model: borrowing OKRModel) -> (KeyResultRecord, CycleRecord)? {
        guard let record = model.keyResults[id],
              let objective = model.objectives[record.defined.definition.objective],
              let cycle = model.cycles[objective.defined.definition.cycle] else { return nil }
        return (record, cycle)
    }

    /// `KR-1 “Title” (alice, growth)`.
    static func name(_ status: KeyResultStatus) -> String {
        "\(SafeText.visible(status.id)) “\(SafeText.visible(status.title))” (\(SafeText.visible(status.owner ?? "no owner")), team \(SafeText.visible(status.team)))"
    }

    /// `current 40 of 100, progress 40 % against 50 % expected, at-risk`.
    static func numbers(_ status: KeyResultStatus) -> String {
        var parts: [String] = []
        if let current = status.current { parts.append("current \(current.plainText) of \(status.target.plainText)") }
        if let progress = status.progress { parts.append("progress \(percent(progress)) against \(percent(status.expected)) expected") }
        parts.append(status.pace.rawValue)
        return parts.joined(separator: ", ")
    }

    static func percent(_ value: Double) -> String {
        value.isFinite ? "\(Int((value * 100).rounded())) %" : "–"
    }

    static func json(_ value: some Encodable) -> String {
        (try? String(decoding: CompactJSONEncoder().encode(value), as: UTF8.self)) ?? "null"
    }
}
