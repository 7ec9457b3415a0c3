import OKREvents
import OKRProjections
import Testing

/// Reviews, retrospectives, reviewers' inboxes, initiatives and objective check-ins (SPEC §15),
/// folded from hand-built histories.
struct RitualsTests {
    /// Two committed objectives and an aspirational one, with a key result each, alice's
    /// check-in before she has a reviewer and two after (bob reviews her from 10 January).
    static func quarter() -> History {
        var history = History.quarter()
        history.add(PersonRecorded(id: "bob", name: "Bob"), at: "2025-12-20")
        history.add(PersonRecorded(id: "alice", name: "Alice"), at: "2025-12-20")
        history.objective("O-1", kind: .committed)
        history.objective("O-2", kind: .committed)
        history.objective("O-3", kind: .aspirational)
        history.keyResult("KR-1", objective: "O-1", metric: "signups", baseline: 0, target: 100)
        history.keyResult("KR-2", objective: "O-2", metric: "churn", baseline: 10, target: 5)
        history.keyResult("KR-3", objective: "O-3", metric: "nps", baseline: 0, target: 50)
        history.add(CheckInRecorded(kr: "KR-1", confidence: 6), at: "2026-01-05T10:00:00Z", actor: "alice")
        history.add(PersonRecorded(id: "alice", name: "Alice", reviewer: "bob"), at: "2026-01-10")
        history.add(CheckInRecorded(kr: "KR-1", confidence: 7, note: "on its way"), at: "2026-01-12T10:00:00Z", actor: "alice")
        history.add(CheckInRecorded(objective: "O-1", confidence: 5, status: .atRisk), at: "2026-01-19T10:00:00Z", actor: "alice")
        return history
    }

    @Test func aReviewerSeesWhatWasRecordedOnceTheyWereSetNewestFirstUntilAcknowledged() {
        var history = Self.quarter()
        let inbox = history.model.answer(InboxQuery(reviewer: "bob", Perspective(at: instant("2026-01-20"))))
        #expect(inbox.items.map(\.subject) == ["O-1", "KR-1"], "the check-in of 5 January came before bob was her reviewer")
        #expect(inbox.items.map(\.kind) == [.checkin, .checkin] && inbox.items.last?.note == "on its way")
        #expect(history.model.answer(InboxQuery(reviewer: "alice", Perspective(at: instant("2026-01-20")))).items.isEmpty)

        history.add(Acknowledged(seq: inbox.items[1].seq, note: "thanks"), at: "2026-01-20", actor: "bob")
        let after = history.model.answer(InboxQuery(reviewer: "bob", Perspective(at: instant("2026-01-21"))))
        #expect(after.items.map(\.subject) == ["O-1"])

        // carol takes over: what bob has not acknowledged is hers now, and only that.
        history.add(PersonRecorded(id: "carol"), at: "2026-01-21")
        history.add(PersonRecorded(id: "alice", name: "Alice", reviewer: "carol"), at: "2026-01-22")
        let model = history.model
        #expect(model.answer(InboxQuery(reviewer: "carol", Perspective(at: instant("2026-01-23")))).items.map(\.subject) == ["O-1"])
        #expect(model.answer(InboxQuery(reviewer: "bob", Perspective(at: instant("2026-01-23")))).items.isEmpty)
    }

    @Test func anObjectivesOwnCheckInsAreItsConfidenceTrendAndStatusBesideItsKeyResultsMean() {
        var history = Self.quarter()
        history.add(CheckInRecorded(objective: "O-1", confidence: 8, status: .onTrack), at: "2026-01-26T10:00:00Z", actor: "alice")
        let objective = history.report(asOf: "2026-01-27").cycles[0].objectives.first { $0.id == "O-1" }
        #expect(objective?.checkInConfidence == 8 && objective?.confidenceTrend == 3 && objective?.checkInStatus == .onTrack)
        #expect(objective?.checkInAt == instant("2026-01-26T10:00:00Z"))
        #expect(objective?.confidence == 7, "the mean of its key results' confidences, as before")
        let before = history.report(asOf: "2026-01-20").cycles[0].objectives.first { $0.id == "O-1" }
        #expect(before?.checkInConfidence == 5 && before?.confidenceTrend == nil && before?.checkInStatus == .atRisk)
        // A key result's check-ins are its own: the objective check-in does not count for KR-1.
        #expect(history.keyResult("KR-1", asOf: "2026-01-27")?.confidence == 7)
    }

    @Test func aReviewScoresItsObjectivesAsOfItsTimeAndTheLatestRetrospectiveWins() {
        var history = Self.quarter()
        history.observe("signups", 30, at: "2026-02-01")
        history.add(ReviewStarted(id: "mid", cycle: "2026-Q1", kind: .mid), at: "2026-02-15")
        history.observe("signups", 90, at: "2026-03-20")
        history.add(RetrospectiveRecorded(objective: "O-1", rating: 3, outcome: .missed, learned: "too late"), at: "2026-04-01", actor: "alice")
        history.add(RetrospectiveRecorded(objective: "O-1", rating: 4, outcome: .accomplished, next: "keep going", review: "mid"),
                    at: "2026-04-02", actor: "alice")
        let detail = history.model.answer(ReviewShowQuery("mid", Perspective(at: instant("2026-04-03"))))
        let first = detail?.objectives.first
        #expect(detail?.objectives.map(\.id) == ["O-1", "O-2", "O-3"])
        #expect(close(first?.score, 0.3), "scored as of the review, before the 90")
        #expect(first?.retro?.rating == 4 && first?.retro?.outcome == .accomplished && first?.retro?.next == "keep going")
        #expect(detail?.review.retros == 1 && detail?.review.objectives == 3)
        #expect(history.model.answer(ReviewShowQuery("mid", Perspective(at: instant("2026-02-14")))) == nil, "not yet held")
        // The retrospectives are in alice's reviewer's inbox.
        let inbox = history.model.answer(InboxQuery(reviewer: "bob", Perspective(at: instant("2026-04-03"))))
        #expect(inbox.items.prefix(2).map(\.kind) == [.retro, .retro])
    }

    @Test func aTeamReviewGathersThatTeamsObjectivesOnly() {
        var history = Self.quarter()
        history.objective("O-9", team: "platform", kind: .committed)
        history.add(ReviewStarted(id: "platform-mid", cycle: "2026-Q1", kind: .mid, team: "platform"), at: "2026-02-15")
        let detail = history.model.answer(ReviewShowQuery("platform-mid", Perspective(at: instant("2026-02-16"))))
        #expect(detail?.objectives.map(\.id) == ["O-9"])
    }

    @Test func okr014NamesEachCommittedObjectiveOfAClosedCycleWithoutARetrospective() {
        var history = Self.quarter()
        history.add(RetrospectiveRecorded(objective: "O-1", rating: 4, outcome: .accomplished), at: "2026-03-31", actor: "alice")
        let open = history.model.answer(LintQuery(cycle: "2026-Q1", Perspective(at: instant("2026-04-02"))))
        #expect(!open.findings.contains { $0.code == "OKR014" }, "a cycle not closed yet")
        history.add(CycleClosed(id: "2026-Q1", keyResults: [], objectives: []), at: "2026-04-01")
        let closed = history.model.answer(LintQuery(cycle: "2026-Q1", Perspective(at: instant("2026-04-02"))))
        #expect(closed.findings.filter { $0.code == "OKR014" }.map(\.subject) == ["O-2"], "O-1 has one; O-3 is aspirational")
    }

    @Test func initiativesAreListedUnderTheirKeyResultAndNeverScored() {
        var history = Self.quarter()
        history.observe("signups", 40, at: "2026-02-01")
        let before = history.keyResult("KR-1", asOf: "2026-02-10")
        history.add(InitiativeAdded(id: "IN-1", title: "Onboarding revamp", kr: "KR-1", owner: "alice", link: "https://example.org/1"),
                    at: "2026-02-02")
        history.add(InitiativeAdded(id: "IN-2", title: "Referral test", kr: "KR-1"), at: "2026-02-03")
        history.add(InitiativeClosed(id: "IN-1", outcome: .done), at: "2026-02-05")
        let model = history.model
        let listed = model.initiativeSummaries(of: "KR-1", Perspective(at: instant("2026-02-10")))
        #expect(listed.map { "\($0.id) \($0.state)" } == ["IN-1 done", "IN-2 open"])
        #expect(model.initiativeSummaries(of: "KR-1", Perspective(at: instant("2026-02-04"))).map(\.state) == ["open", "open"])
        #expect(history.keyResult("KR-1", asOf: "2026-02-10") == before)
    }

    @Test func aSnapshotKeepsEveryRitual() throws {
        var history = Self.quarter()
        history.add(ReviewStarted(id: "mid", cycle: "2026-Q1", kind: .mid), at: "2026-02-15")
        history.add(RetrospectiveRecorded(objective: "O-1", rating: 4, outcome: .accomplished, review: "mid"), at: "2026-02-16", actor: "alice")
        history.add(Acknowledged(seq: 15, note: "seen"), at: "2026-02-17", actor: "bob")
        history.add(InitiativeAdded(id: "IN-1", title: "Onboarding revamp", kr: "KR-1"), at: "2026-02-02")
        history.add(InitiativeClosed(id: "IN-1", outcome: .dropped), at: "2026-02-20")
        let model = history.model
        let rebuilt = try OKRModel(snapshot: model.snapshot(), source: NoObservations())
        let at = Perspective(at: instant("2026-03-01"))
        #expect(rebuilt.answer(InboxQuery(reviewer: "bob", at)) == model.answer(InboxQuery(reviewer: "bob", at)))
        #expect(rebuilt.answer(ReviewShowQuery("mid", at))?.objectives.first?.retro == model.answer(ReviewShowQuery("mid", at))?.objectives.first?.retro)
        #expect(rebuilt.initiativeSummaries(of: "KR-1", at) == model.initiativeSummaries(of: "KR-1", at))
        #expect(rebuilt.rituals.acknowledgements[15]?.first?.by == "bob")
        #expect(rebuilt.answer(StatusQuery(perspective: at, cycle: "2026-Q1")).cycles[0].objectives[0].checkInConfidence == 5)
    }
}

/// A source with no observations: the rituals' snapshot test has none.
private struct NoObservations: ObservationSource {
    func observations(of metric: String, from: Instant, through: Instant) -> [IndexedObservation] { [] }
    func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) -> [DaySummary] { [] }
}
