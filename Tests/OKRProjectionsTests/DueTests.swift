import OKREvents
import Testing
@testable import OKRProjections

/// `due` (SPEC §9) on a scripted quarter: missed check-ins, quiet feeds, expiring insights and
/// commitments forecast to fall short, each with the person it needs.
@Suite struct DueTests {
    /// O-1 (committed, maria) with KR-1 (maria's by inheritance) and KR-2 (sam's); O-2
    /// (aspirational, platform, nobody's) with KR-3.
    static func quarter() -> History {
        var history = History.quarter()
        history.add(PersonRecorded(id: "maria"), at: "2025-12-16")
        history.add(PersonRecorded(id: "sam"), at: "2025-12-16")
        history.add(ObjectiveCreated(id: "O-1", cycle: "2026-Q1", team: "growth", title: "Ease", kind: .committed, owner: "maria"),
                    at: "2025-12-20")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 100)
        history.add(KeyResultCreated(id: "KR-2", objective: "O-1", title: "Speed", metric: "b", baseline: 0, target: 10,
                                     owner: "sam", team: "activation"), at: "2025-12-20")
        history.objective("O-2", team: "platform")
        history.keyResult("KR-3", objective: "O-2", metric: "c", baseline: 0, target: 10)
        for (day, value) in [("2026-01-05", 5.0), ("2026-01-20", 12), ("2026-02-01", 20), ("2026-02-10", 25)] {
            history.observe("a", value, at: day)
        }
        history.observe("b", 3, at: "2026-02-14")
        history.observe("c", 9, at: "2026-02-14")
        history.checkIn("KR-1", 6, at: "2026-02-12")
        history.checkIn("KR-3", 8, at: "2026-02-13")
        history.add(InsightRecorded(id: "I-1", subject: "KR-2", text: "Users skip setup", expiresAt: instant("2026-02-20")), at: "2026-01-10")
        history.add(InsightRecorded(id: "I-2", subject: "KR-1", text: "Invites matter", expiresAt: instant("2026-04-30")), at: "2026-01-10")
        return history
    }

    static func due(_ history: History, asOf: String, owner: String? = nil, team: String? = nil, withinDays: Double = 7) -> [String] {
        history.model.answer(DueQuery(perspective: Perspective(at: instant(asOf)), owner: owner, team: team, withinSeconds: withinDays * 86_400))
            .items.map { "\($0.owner ?? "nobody") \($0.kind.rawValue) \($0.subject) \($0.since.map { CalendarDay(containing: $0).description } ?? "-")" }
    }

    @Test func eachThingDueNamesWhoItNeedsAndSince() {
        #expect(Self.due(Self.quarter(), asOf: "2026-02-15") == [
            "maria commitment O-1 -",
            "sam checkin KR-2 2026-01-08",  // never checked in: due a week into the cycle
            "sam insight I-1 2026-02-20",   // expires within the week
        ])
        // Ten days on: KR-1's feed went quiet on the 17th and its check-in fell due on the 19th;
        // I-1 has expired; O-2 and KR-3 are nobody's.
        #expect(Self.due(Self.quarter(), asOf: "2026-02-25") == [
            "maria feed KR-1 2026-02-17",
            "maria checkin KR-1 2026-02-19",
            "maria commitment O-1 -",
            "sam checkin KR-2 2026-01-08",
            "sam insight I-1 2026-02-20",
            "sam feed KR-2 2026-02-21",
            "nobody feed KR-3 2026-02-21",
            "nobody checkin KR-3 2026-02-20",
        ].sorted { a, b in
            // Owners in order, the unowned last, then by date: as `due` orders them.
            let (ownerA, ownerB) = (a.split(separator: " ")[0], b.split(separator: " ")[0])
            if ownerA != ownerB { return ownerA == "nobody" ? false : ownerB == "nobody" ? true : ownerA < ownerB }
            return (a.split(separator: " ")[3] == "-" ? "9" : a.split(separator: " ")[3]) < (b.split(separator: " ")[3] == "-" ? "9" : b.split(separator: " ")[3])
        })
    }

    @Test func oneOwnersOrOneTeamsShareAndAWiderWindow() {
        let history = Self.quarter()
        #expect(Self.due(history, asOf: "2026-02-15", owner: "sam") == ["sam checkin KR-2 2026-01-08", "sam insight I-1 2026-02-20"])
        #expect(Self.due(history, asOf: "2026-02-15", owner: "nobody-at-all").isEmpty)
        // Team activation works on KR-2 only; O-1 is growth's, so its commitment is not shown.
        #expect(Self.due(history, asOf: "2026-02-15", team: "activation") == ["sam checkin KR-2 2026-01-08", "sam insight I-1 2026-02-20"])
        #expect(Self.due(history, asOf: "2026-02-15", withinDays: 90).contains("maria insight I-2 2026-04-30"))
    }

    @Test func nothingIsDueWhenEveryoneIsUpToDateOrNoCycleRuns() {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "a", baseline: 0, target: 10)
        history.observe("a", 4, at: "2026-02-10")
        history.checkIn("KR-1", 7, at: "2026-02-12")
        #expect(Self.due(history, asOf: "2026-02-15").isEmpty)
        #expect(Self.due(Self.quarter(), asOf: "2026-05-01").isEmpty, "the quarter is over")
    }

    /// `due`, `lint` and `digest` judge a quiet feed by one rule (SPEC §4 OKR005): a metric last
    /// observed before the cycle began is quiet from that observation's age, not the cycle's.
    @Test func lintDueAndDigestAgreeOnAQuietFeed() {
        var history = History.quarter()
        history.objective("O-1")
        history.keyResult("KR-1", metric: "old", baseline: 0, target: 10)
        history.observe("old", 1, at: "2025-12-01")
        history.checkIn("KR-1", 6, at: "2026-01-02")
        let perspective = Perspective(at: instant("2026-01-03"))
        #expect(history.model.answer(LintQuery(cycle: "2026-Q1", perspective)).findings.contains { $0.code == "OKR005" && $0.subject == "KR-1" })
        #expect(Self.due(history, asOf: "2026-01-03").contains("nobody feed KR-1 2025-12-08"))
        let digest = history.model.answer(DigestQuery(since: instant("2026-01-01"), asOf: instant("2026-01-03"), knownAt: instant("2030-01-01"),
                                                       cycle: "2026-Q1"))
        #expect(digest.quietFeeds.map(\.keyResult) == ["KR-1"])
        // Six days after the last observation it is quiet for none of them.
        history.observe("old", 2, at: "2026-01-01")
        #expect(!Self.due(history, asOf: "2026-01-03").contains { $0.contains("feed") })
        #expect(!history.model.answer(LintQuery(cycle: "2026-Q1", perspective)).findings.contains { $0.code == "OKR005" })
    }
}
