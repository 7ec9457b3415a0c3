import OKREvents
import Testing
@testable import OKRProjections

@Suite struct InsightTests {
    static func insight() -> History {
        var history = History.quarter()
        history.objective("O-1")
        history.add(InsightRecorded(id: "I-1", subject: "O-1", text: "New users stall at setup", expiresAt: instant("2026-02-01")),
                    at: "2026-01-05")
        return history
    }

    @Test func anInsightPastItsExpiryIsDueUntilTheExpiryIsRecorded() {
        var history = Self.insight()
        #expect(history.model.dueExpirations(now: instant("2026-01-31")).isEmpty)
        #expect(history.model.nextExpiry(after: instant("2026-01-31")) == instant("2026-02-01"))
        let due = history.model.dueExpirations(now: instant("2026-02-01T00:00:01Z"))
        #expect(due == [InsightExpired(id: "I-1", expiresAt: instant("2026-02-01"))])
        history.add(InsightExpired(id: "I-1", expiresAt: instant("2026-02-01")), at: "2026-02-01", recorded: "2026-02-01T00:00:01Z", actor: "okrd")
        #expect(history.model.dueExpirations(now: instant("2026-02-02")).isEmpty)
        #expect(history.model.insights["I-1"]?.isExpired(Perspective(at: instant("2026-02-02"))) == true)
    }

    @Test func aRenewalAfterExpiryMakesTheInsightValidAgainUntilItsNewExpiry() {
        var history = Self.insight()
        history.add(InsightExpired(id: "I-1", expiresAt: instant("2026-02-01")), at: "2026-02-01", actor: "okrd")
        history.add(InsightRenewed(id: "I-1", expiresAt: instant("2026-03-01"), evidence: "survey"), at: "2026-02-10")
        let record = history.model.insights["I-1"]!
        #expect(record.isExpired(Perspective(at: instant("2026-02-05"))))
        #expect(!record.isExpired(Perspective(at: instant("2026-02-11"))))
        #expect(history.model.dueExpirations(now: instant("2026-02-20")).isEmpty)
        #expect(history.model.dueExpirations(now: instant("2026-03-02")).map(\.expiresAt) == [instant("2026-03-01")])
    }

    @Test func anInsightImportedWithAPastExpiryIsDueAtOnce() {
        var history = History.quarter()
        history.add(InsightRecorded(id: "I-old", subject: "O-1", text: "old finding", expiresAt: instant("2025-06-01")),
                    at: "2025-01-01", recorded: "2026-02-01")
        #expect(history.model.dueExpirations(now: instant("2026-02-01")).map(\.id) == ["I-old"])
    }

    @Test func workItemsLinkAndUnlinkFromTheirEffectiveTime() {
        var history = Self.insight()
        history.add(WorkItemLinked(subject: "O-1", ref: "JIRA-1", title: "Guided setup"), at: "2026-01-10")
        history.add(WorkItemLinked(subject: "O-1", ref: "JIRA-2"), at: "2026-01-11")
        history.add(WorkItemUnlinked(subject: "O-1", ref: "JIRA-1"), at: "2026-01-20")
        #expect(history.model.linkedWorkItems(of: "O-1", Perspective(at: instant("2026-01-15"))).map(\.ref) == ["JIRA-1", "JIRA-2"])
        #expect(history.model.linkedWorkItems(of: "O-1", Perspective(at: instant("2026-01-21"))).map(\.ref) == ["JIRA-2"])
    }
}
