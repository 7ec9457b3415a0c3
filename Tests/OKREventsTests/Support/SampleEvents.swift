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
                                           kind: .aspirational, parents: [ObjectiveParent(id: "A-1", weight: 3), ObjectiveParent(id: "A-2", weight: 0.5)],
                                           strategy: "s1", owner: "maria", progress: .both, carriedFrom: "O-0",
                                           details: GoalDetails(description: "From the onboarding interviews.\nSee the Q4 notes.", tags: ["onboarding"]))),
        .objectiveUpdated(ObjectiveUpdated(id: "O-1", title: "Delight new customers", kind: .committed, parent: "O-0", strategy: "",
                                           owner: "li.wei", progress: .children)),
        .objectiveDropped(ObjectiveDropped(id: "O-1", reason: "merged into O-2")),
        .keyResultCreated(KeyResultCreated(id: "KR-1", objective: "O-1", title: "Onboarding completion from 60% to 85%", metric: "onboarding.completion",
                                           kind: .progress, baseline: 60, target: 85, unit: "%", level: .outcome, indicator: .leading, weight: 2,
                                           owner: "sam_o", team: "activation", carriedFrom: "KR-0",
                                           details: GoalDetails(description: "Weekly cohort", tags: ["activation", "q1"], delegate: "li.wei",
                                                                checkInOwners: ["sam_o", "li.wei"]))),
        .keyResultUpdated(KeyResultUpdated(id: "KR-1", title: "Onboarding completion to 85%", weight: 1.5, level: .impact, indicator: .lagging,
                                           owner: "", team: "growth")),
        .keyResultRetargeted(KeyResultRetargeted(id: "KR-1", target: 80, reason: "new pricing page slipped")),
        .keyResultDropped(KeyResultDropped(id: "KR-1", reason: "metric retired")),
        .metricObserved(MetricObserved(metric: "onboarding.completion", value: 63.5, source: "cron:warehouse", key: "onb-2026-01-04")),
        .checkInRecorded(CheckInRecorded(kr: "KR-1", confidence: 7, note: "pricing page shipped", author: "maria", status: .atRisk)),
        .insightRecorded(InsightRecorded(id: "I-1", subject: "KR-1", text: "New users stall at workspace setup", evidence: "12 interviews",
                                         expiresAt: Instant(rfc3339: "2026-03-01T00:00:00Z")!)),
        .insightRenewed(InsightRenewed(id: "I-1", expiresAt: Instant(rfc3339: "2026-05-01T00:00:00Z")!, evidence: "survey, n=340")),
        .insightExpired(InsightExpired(id: "I-1", expiresAt: Instant(rfc3339: "2026-05-01T00:00:00Z")!)),
        .workItemLinked(WorkItemLinked(subject: "KR-1", ref: "JIRA-123", title: "Guided workspace setup")),
        .workItemUnlinked(WorkItemUnlinked(subject: "KR-1", ref: "JIRA-123")),
        .personRecorded(PersonRecorded(id: "maria", name: "María José Ünal", email: "maria@example.com", teams: ["growth", "activation"],
                                         reviewer: "li.wei")),
        .keyResultMoved(KeyResultMoved(id: "KR-1", objective: "O-2", reason: "belongs with activation")),
        .objectiveAligned(ObjectiveAligned(id: "O-1", parent: "A-3", weight: 2.5)),
        .objectiveUnaligned(ObjectiveUnaligned(id: "O-1", parent: "A-1")),
        .keyResultPlanned(KeyResultPlanned(id: "KR-1", checkpoints: [PlanCheckpoint(day: CalendarDay("2026-02-01")!, value: 65),
                                                                     PlanCheckpoint(day: CalendarDay("2026-03-01")!, value: 78.5)])),
        .hookAdded(HookAdded(name: "growth-chat", format: "slack", url: "https://hooks.slack.com", kinds: ["checkin", "kr.pace"],
                             teams: ["growth"], owners: ["alice"], fingerprint: "sha256:1a2b3c4d")),
        .hookRemoved(HookRemoved(name: "growth-chat")),
        .kpiDefined(KPIDefined(id: "K-1", metric: "uptime", name: "API uptime ≥ 99.9 %", team: "platform", owner: "maria",
                               min: 99.9, max: nil, window: 7)),
        .kpiUpdated(KPIUpdated(id: "K-1", owner: "", band: true, min: 99.5, max: 100, window: 3)),
        .kpiRetired(KPIRetired(id: "K-1", reason: "folded into the SLO")),
        .metricLinked(MetricLinked(leading: "activation", lagging: "revenue", note: "activated teams pay")),
        .metricUnlinked(MetricUnlinked(leading: "activation", lagging: "revenue")),
        .reviewStarted(ReviewStarted(id: "Q1-mid", cycle: "2026-Q1", kind: .mid, team: "growth")),
        .retrospectiveRecorded(RetrospectiveRecorded(objective: "O-1", rating: 4, outcome: .accomplished,
                                                     learned: "Pairing on onboarding paid off.\nStart interviews earlier.",
                                                     next: "carry the referral test", review: "Q1-mid")),
        .acknowledged(Acknowledged(seq: 13, note: "let's pair on it")),
        .initiativeAdded(InitiativeAdded(id: "IN-1", title: "Onboarding revamp", kr: "KR-1", owner: "maria",
                                         link: "https://tracker.example.org/EPIC-7")),
        .initiativeClosed(InitiativeClosed(id: "IN-1", outcome: .done)),
        .calendarSet(CalendarSet(timeZone: "America/Los_Angeles", weekStarts: "sunday", fiscalYearStarts: 4)),
    ]

    /// A sample as `version` of its type wrote it: the fields later versions added left out,
    /// which is what upcasting an older record must give. (The samples the version-1 and -2
    /// lines were recorded from had no parent: their objective upcasts with none.)
    static func asVersion(_ version: Int, _ payload: EventPayload) -> EventPayload {
        switch payload {
        case .objectiveCreated(var data):
            if version < 4 { data.details = nil }
            if version < 3 { data.parents = []; data.progress = .krs; data.carriedFrom = nil }
            if version < 2 { data.owner = nil }
            return .objectiveCreated(data)
        case .objectiveUpdated(var data):
            if version < 3 { data.progress = nil }
            if version < 2 { data.owner = nil }
            return .objectiveUpdated(data)
        case .keyResultCreated(var data):
            if version < 4 { data.details = nil }
            if version < 3 { data.carriedFrom = nil }
            if version < 2 { data.owner = nil; data.team = nil }
            return .keyResultCreated(data)
        case .keyResultUpdated(var data):
            if version < 2 { data.owner = nil; data.team = nil }
            return .keyResultUpdated(data)
        case .personRecorded(var data):
            if version < 2 { data.reviewer = nil }
            return .personRecorded(data)
        case .checkInRecorded(var data):
            if version < 4 { data.objective = nil }
            if version < 3 { data.status = nil }
            if version < 2 { data.author = nil }
            return .checkInRecorded(data)
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
