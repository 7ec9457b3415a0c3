import Foundation
import OKRTestSupport
import OKREvents
import Testing
@testable import OKRProjections

/// A projection snapshot loads into the same model it was taken from, and a damaged or foreign
/// snapshot is refused rather than trusted.
@Suite struct SnapshotTests {
    /// One event of every type that a snapshot keeps, and observations spread over days.
    static func everything() -> History {
        var history = History.quarter()
        // UTC days, as without it: the calendar travels in the snapshot without moving the cycle.
        history.add(CalendarSet(timeZone: "UTC", weekStarts: "sunday", fiscalYearStarts: 4), at: "2025-12-15", actor: "okrd")
        history.add(NorthStarDefined(id: "activation", name: "Weekly activated teams", metric: "teams.activated"), at: "2025-12-16")
        history.add(StrategyChoiceRecorded(id: "self-serve", statement: "Self-serve onboarding", northStar: "activation"), at: "2025-12-16")
        history.objective("O-1", strategy: "self-serve")
        history.objective("O-2", parent: "O-1")
        history.keyResult("KR-1", metric: "onboarding", baseline: 60, target: 85)
        history.keyResult("KR-2", metric: "uptime", kind: .atLeast, target: 99.5)
        history.keyResult("KR-3", objective: "O-2", metric: "ttfv", target: 2)
        history.add(ObjectiveUpdated(id: "O-2", title: "Faster first value"), at: "2026-01-03")
        history.add(KeyResultUpdated(id: "KR-1", weight: 2), at: "2026-01-04")
        history.add(KeyResultRetargeted(id: "KR-1", target: 80, reason: "scope"), at: "2026-01-20")
        history.add(KeyResultDropped(id: "KR-3", reason: "merged"), at: "2026-02-01")
        history.add(ObjectiveDropped(id: "O-2", reason: "merged"), at: "2026-02-02")
        history.add(InsightRecorded(id: "I-1", subject: "KR-1", text: "Users stall at invites", expiresAt: instant("2026-02-10")),
                    at: "2026-01-05")
        history.add(InsightRenewed(id: "I-1", expiresAt: instant("2026-03-10")), at: "2026-02-09")
        history.add(InsightExpired(id: "I-1", expiresAt: instant("2026-03-10")), at: "2026-03-10", actor: "okrd")
        history.add(WorkItemLinked(subject: "KR-1", ref: "JIRA-1", title: "Invite flow"), at: "2026-01-06")
        history.add(WorkItemUnlinked(subject: "KR-1", ref: "JIRA-1"), at: "2026-01-25")
        history.add(PersonRecorded(id: "maria", name: "María", email: "maria@example.com", teams: ["growth"]), at: "2026-01-07")
        history.add(HookAdded(name: "gone", format: "slack", url: "https://hooks.slack.com", kinds: ["checkin"]), at: "2026-01-07")
        history.add(HookRemoved(name: "gone"), at: "2026-01-07")
        history.add(HookAdded(name: "chat", format: "standard", url: "https://example.org/okr", kinds: ["checkin", "kr.pace"],
                              teams: ["growth"], fingerprint: "sha256:00112233"), at: "2026-01-07")
        history.add(KPIDefined(id: "K-1", metric: "uptime", name: "Uptime", team: "growth", owner: "maria", min: 99.5, max: nil, window: 2),
                    at: "2026-01-07")
        history.add(KPIUpdated(id: "K-1", band: true, min: 99.6, max: 100), at: "2026-01-20")
        history.add(KPIDefined(id: "K-2", metric: "onboarding", name: "Onboarding", min: nil, max: 90), at: "2026-01-07")
        history.add(KPIRetired(id: "K-2", reason: "now a key result"), at: "2026-02-01")
        history.add(MetricLinked(leading: "uptime", lagging: "onboarding", note: "outages stall setups"), at: "2026-01-07")
        history.add(MetricLinked(leading: "onboarding", lagging: "uptime"), at: "2026-01-08")
        history.add(MetricUnlinked(leading: "onboarding", lagging: "uptime"), at: "2026-01-09")
        history.add(ObjectiveUpdated(id: "O-1", owner: "maria"), at: "2026-01-08")
        history.add(KeyResultMoved(id: "KR-2", objective: "O-2", reason: "belongs there"), at: "2026-01-09")
        history.add(ObjectiveUpdated(id: "O-1", progress: .both), at: "2026-01-10")
        history.add(ObjectiveAligned(id: "O-2", parent: "O-1", weight: 3), at: "2026-01-11")
        history.add(ObjectiveUnaligned(id: "O-2", parent: "O-1"), at: "2026-01-30")
        history.add(KeyResultPlanned(id: "KR-1", checkpoints: [PlanCheckpoint(day: CalendarDay("2026-02-15")!, value: 70)]), at: "2026-01-12")
        history.add(CheckInRecorded(kr: "KR-1", confidence: nil, note: "blocked on legal", status: .atRisk), at: "2026-01-13")
        for day in 1...40 {
            let date = String(format: "2026-%02d-%02dT%02d:00:00Z", day <= 31 ? 1 : 2, day <= 31 ? day : day - 31, day % 24)
            history.observe("onboarding", 60 + Double(day) / 2, at: date)
            history.observe("uptime", day % 7 == 0 ? 99.1 : 99.8, at: date)
            if day % 7 == 0 { history.checkIn("KR-1", 5 + day % 4, at: date) }
        }
        history.add(PersonRecorded(id: "sam", name: "Sam", reviewer: "maria"), at: "2026-02-10")
        history.add(CheckInRecorded(objective: "O-1", confidence: 6, status: .onTrack), at: "2026-02-11", actor: "sam")
        history.add(ReviewStarted(id: "Q1-mid", cycle: "2026-Q1", kind: .mid), at: "2026-02-15")
        history.add(InitiativeAdded(id: "IN-1", title: "Invite flow", kr: "KR-1", owner: "maria"), at: "2026-01-15")
        history.add(InitiativeClosed(id: "IN-1", outcome: .done), at: "2026-02-20")
        history.add(CycleClosed(id: "2026-Q1"), at: "2026-03-31")
        history.add(RetrospectiveRecorded(objective: "O-1", rating: 3, outcome: .missed, learned: "started late", review: "Q1-mid"),
                    at: "2026-03-31T12:00:00Z", actor: "sam")
        history.add(Acknowledged(seq: UInt64(history.events.count), note: "noted"), at: "2026-03-31T13:00:00Z", actor: "maria")
        return history
    }

    static func loggedModel(_ history: History, in directory: TemporaryDirectory) async throws -> (EventLog, OKRModel) {
        let log = try EventLog(directory: directory.path, clock: { instant("2026-04-01") })
        for event in history.events {
            _ = try await log.append(NewEvent(event.payload, effectiveAt: event.effectiveAt, actor: event.actor))
        }
        var model = OKRModel(source: MetricHistoryTests.IndexSource(log: log))
        for event in try log.events(limit: 10_000) { model.fold(event) }
        return (log, model)
    }

    @Test func aLoadedSnapshotAnswersEveryQueryAsTheModelItWasTakenFrom() async throws {
        let directory = TemporaryDirectory()
        let (log, model) = try await Self.loggedModel(Self.everything(), in: directory)
        defer { log.close() }
        let bytes = model.snapshot()
        #expect(bytes.withUnsafeBytes { OKRModel.snapshotSeq($0) } == model.lastSeq)
        let loaded = try OKRModel(snapshot: bytes, source: MetricHistoryTests.IndexSource(log: log))
        #expect(loaded.snapshot() == bytes, "a loaded snapshot writes the same bytes again")

        #expect(loaded.lastSeq == model.lastSeq)
        #expect(loaded.recordedEvents() == model.recordedEvents())
        #expect(Set(loaded.recordedEvents().map(\.payload.type)).count == EventType.allCases.count - 2,
                "every type but observations and removed hooks, kept as events")
        #expect(loaded.hooks.keys.sorted() == ["chat"], "the hooks in force, and not the one removed")
        for date in ["2026-01-10T12:00:00Z", "2026-02-05", "2026-02-05T07:30:00Z", "2026-03-31"] {
            let perspective = Perspective(asOf: instant(date), knownAt: instant("2026-04-01"))
            let query = StatusQuery(perspective: perspective, cycle: "2026-Q1")
            #expect(loaded.answer(query) == model.answer(query), "status as of \(date)")
            #expect(loaded.answer(LintQuery(perspective)) == model.answer(LintQuery(perspective)), "lint as of \(date)")
            #expect(loaded.answer(TreeQuery(perspective)) == model.answer(TreeQuery(perspective)), "tree as of \(date)")
            #expect(loaded.answer(KPIListQuery(perspective)) == model.answer(KPIListQuery(perspective)), "kpi list as of \(date)")
            #expect(loaded.answer(MetricTreeQuery(perspective)) == model.answer(MetricTreeQuery(perspective)), "metric tree as of \(date)")
        }
        #expect(loaded.activeMetricLinks(Perspective(at: instant("2026-04-01"))).keys.map(\.leading) == ["uptime"], "the link in force")
    }

    @Test func rememberedSumsTravelInTheSnapshotAndStillGiveWayToALaterBackFill() async throws {
        let directory = TemporaryDirectory()
        let (log, model) = try await Self.loggedModel(Self.everything(), in: directory)
        defer { log.close() }
        let perspective = Perspective(at: instant("2026-04-01"))
        let query = StatusQuery(perspective: perspective, cycle: "2026-Q1")
        model.prepareSnapshot(now: instant("2026-04-01"))
        let remembered = model.memo?.count ?? 0
        #expect(remembered > 0, "preparing the snapshot asked what status will")
        let status = model.answer(query)
        #expect(model.memo?.count == remembered, "and status asked nothing else")

        var loaded = try OKRModel(snapshot: model.snapshot(), source: MetricHistoryTests.IndexSource(log: log))
        #expect(loaded.memo?.count == remembered)
        #expect(loaded.answer(query) == status)
        #expect(loaded.memo?.hits ?? 0 >= remembered, "the first status after loading used what the snapshot remembered")

        // A back-fill into a remembered day, appended after the snapshot and applied as okrd's tail replay does.
        _ = try await log.append(NewEvent(MetricObserved(metric: "onboarding", value: 10), effectiveAt: instant("2026-01-15T06:00:00Z"),
                                          actor: "cron"))
        for event in try log.events(from: loaded.lastSeq + 1, limit: 10) { loaded.fold(event) }
        let fresh = OKRModel(try log.events(limit: 10_000))
        #expect(loaded.answer(query) == fresh.answer(query))
        #expect(loaded.answer(query) != status, "the back-fill moved the forecast")
    }

    @Test func aDamagedOrForeignSnapshotIsRefused() async throws {
        let directory = TemporaryDirectory()
        let (log, model) = try await Self.loggedModel(Self.everything(), in: directory)
        defer { log.close() }
        let source = MetricHistoryTests.IndexSource(log: log)
        let bytes = model.snapshot()

        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(throws: SnapshotError.self) { try OKRModel(snapshot: flipped, source: source) }

        var foreign = bytes
        foreign[6] &+= 1  // the projection version
        let error = #expect(throws: SnapshotError.self) { try OKRModel(snapshot: foreign, source: source) }
        #expect(error?.description.contains("projection version") == true)

        #expect(throws: SnapshotError.self) { try OKRModel(snapshot: Array(bytes.prefix(30)), source: source) }
        #expect(throws: SnapshotError.self) { try OKRModel(snapshot: Array("not a snapshot at all, no".utf8), source: source) }
    }
}
