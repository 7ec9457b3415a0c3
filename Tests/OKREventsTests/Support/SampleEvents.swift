import Foundation
import OKREvents

/// One event of every type with fixed ids and times: the golden fixture's content.
enum SampleEvents {
    static let recordedAt = Instant(rfc3339: "2026-01-05T09:30:00Z")!
    static let effectiveAt = Instant(rfc3339: "2026-01-04T00:00:00.25Z")!

    static let payloads: [EventPayload] = [
        .cycleDefined(CycleDefined(id: "2026-Q1", name: "Q1 2026", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!)),
        .cycleClosed(CycleClosed(id: "2026-Q1", keyResults: [FrozenScore(id: "KR-1", score: 0.7), FrozenScore(id: "KR-2", score: nil)],
                                 objectives: [FrozenScore(id: "O-1", score: 0.35)])),
        .northStarDefined(NorthStarDefined(id: "ns", name: "Weekly active teams", metric: "teams.weekly_active", description: "Teams that plan weekly")),
        .strategyChoiceRecorded(StrategyChoiceRecorded(id: "s1", statement: "Win new customers through self-serve onboarding", northStar: "ns")),
        .objectiveCreated(ObjectiveCreated(id: "O-1", cycle: "2026-Q1", team: "growth", title: "Dramatically improve ease of use for new customers",
                                           kind: .aspirational, parent: nil, strategy: "s1", owner: "maria")),
        .objectiveUpdated(ObjectiveUpdated(id: "O-1", title: "Delight new customers", kind: .committed, parent: "O-0", strategy: "",
                                           owner: "li.wei")),
        .objectiveDropped(ObjectiveDropped(id: "O-1", reason: "merged into O-2")),
        .keyResultCreated(KeyResultCreated(id: "KR-1", objective: "O-1", title: "Onboarding completion from 60% to 85%", metric: "onboarding.completion",
                                           kind: .progress, baseline: 60, target: 85, unit: "%", level: .outcome, indicator: .leading, weight: 2,
                                           owner: "sam_o", team: "activation")),
        .keyResultUpdated(KeyResultUpdated(id: "KR-1", title: "Onboarding completion to 85%", weight: 1.5, level: .impact, indicator: .lagging,
                                           owner: "", team: "growth")),
        .keyResultRetargeted(KeyResultRetargeted(id: "KR-1", target: 80, reason: "new pricing page slipped")),
        .keyResultDropped(KeyResultDropped(id: "KR-1", reason: "metric retired")),
        .metricObserved(MetricObserved(metric: "onboarding.completion", value: 63.5, source: "cron:warehouse", key: "onb-2026-01-04")),
        .checkInRecorded(CheckInRecorded(kr: "KR-1", confidence: 7, note: "pricing page shipped", author: "maria")),
        .insightRecorded(InsightRecorded(id: "I-1", subject: "KR-1", text: "New users stall at workspace setup", evidence: "12 interviews",
                                         expiresAt: Instant(rfc3339: "2026-03-01T00:00:00Z")!)),
        .insightRenewed(InsightRenewed(id: "I-1", expiresAt: Instant(rfc3339: "2026-05-01T00:00:00Z")!, evidence: "survey, n=340")),
        .insightExpired(InsightExpired(id: "I-1", expiresAt: Instant(rfc3339: "2026-05-01T00:00:00Z")!)),
        .workItemLinked(WorkItemLinked(subject: "KR-1", ref: "JIRA-123", title: "Guided workspace setup")),
        .workItemUnlinked(WorkItemUnlinked(subject: "KR-1", ref: "JIRA-123")),
        .personRecorded(PersonRecorded(id: "maria", name: "María José Ünal", email: "maria@example.com", teams: ["growth", "activation"])),
        .keyResultMoved(KeyResultMoved(id: "KR-1", objective: "O-2", reason: "belongs with activation")),
    ]

    /// A sample as version 1 of its type wrote it: the fields later versions added left out,
    /// which is what upcasting a version-1 record must give.
    static func asVersionOne(_ payload: EventPayload) -> EventPayload {
        switch payload {
        case .objectiveCreated(var data): data.owner = nil; return .objectiveCreated(data)
        case .objectiveUpdated(var data): data.owner = nil; return .objectiveUpdated(data)
        case .keyResultCreated(var data): data.owner = nil; data.team = nil; return .keyResultCreated(data)
        case .keyResultUpdated(var data): data.owner = nil; data.team = nil; return .keyResultUpdated(data)
        case .checkInRecorded(var data): data.author = nil; return .checkInRecorded(data)
        default: return payload
        }
    }

    /// The stored form of each payload, at seq 1, 2, 3 …
    static var events: [StoredEvent] {
        payloads.enumerated().map { index, payload in
            StoredEvent(seq: UInt64(index + 1), id: uuid(index), recordedAt: recordedAt, effectiveAt: effectiveAt,
                        actor: "alice", payload: payload)
        }
    }

    static func uuid(_ index: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index + 1))!
    }
}
