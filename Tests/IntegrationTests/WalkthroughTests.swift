import Foundation
import Testing

/// The README's walk-through through the real okrd and okrctl; the numbers are SPEC §3's,
/// computed by hand in the comments (the quarter is 90 days, so 15 February is halfway).
@Suite(.serialized) struct WalkthroughTests {
    @Test func statusAsOfMidQuarterMatchesTheSpecsFormulas() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let result = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15")
        #expect(result.status == 0, "\(result)")
        let report = try result.json()
        #expect(report["asOf"] as? String == "2026-02-15T00:00:00Z")
        let cycle = try #require((report["cycles"] as? [[String: Any]])?.first)
        #expect(cycle["id"] as? String == "2026-Q1")
        #expect(cycle["expected"] as? Double == 0.5)
        #expect(cycle["alignment"] as? Double == 1)
        let objective = try #require((cycle["objectives"] as? [[String: Any]])?.first)
        #expect(objective["score"] as? Double == 0.5)  // (0.5 + 0.5) / 2
        #expect(objective["confidence"] as? Double == 6.5)  // (8 + 5) / 2
        #expect(objective["lowestConfidence"] as? Int == 5)
        #expect(objective["strategy"] as? String == "self-serve")
        #expect(objective["parent"] is NSNull)
        let krs = try #require(objective["krs"] as? [[String: Any]])
        #expect(krs.count == 2)

        let onboarding = krs[0]
        #expect(onboarding["current"] as? Double == 72.5)
        #expect(onboarding["progress"] as? Double == 0.5)  // (72.5 − 60) / (85 − 60)
        #expect(onboarding["pace"] as? String == "on-track")
        #expect(abs((onboarding["forecast"] as? Double ?? 0) - 85.94280326838467) < 1e-9)  // OLS at 31 March 24:00
        #expect(onboarding["forecastScore"] as? Double == 1)
        #expect(onboarding["confidence"] as? Int == 8)
        #expect(onboarding["confidenceTrend"] as? Int == 1)
        #expect(onboarding["confidenceStale"] as? Bool == false)
        #expect(onboarding["held"] is NSNull)

        let timeToValue = krs[1]
        #expect(timeToValue["progress"] as? Double == 0.5)  // (25 − 48) / (2 − 48)
        #expect(abs((timeToValue["forecast"] as? Double ?? 0) - (25.0 - 11.0 / 26.0 * 50.0)) < 1e-9)  // slope −11/26 a day
        #expect(abs((timeToValue["forecastScore"] as? Double ?? 0) - (48.0 - (25.0 - 11.0 / 26.0 * 50.0)) / 46.0) < 1e-9)
        #expect(timeToValue["confidence"] as? Int == 5)

        for field in ["id", "title", "metric", "kind", "level", "indicator", "unit", "baseline", "target", "current", "progress",
                      "score", "expected", "pace", "held", "forecast", "forecastScore", "confidence", "confidenceAt",
                      "confidenceStale", "confidenceTrend"] {
            #expect(onboarding.keys.contains(field), "status --json lacks \(field)")
        }
    }

    @Test func earlierInstantsShowEarlierNumbersAndKnownAtHidesLaterKnowledge() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let january = try daemon.okrctl("status", "--json", "--as-of", "2026-01-20").json()
        let kr = try #require(((january["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first?["krs"] as? [[String: Any]])
        #expect(kr[0]["current"] as? Double == 60)
        #expect(kr[0]["confidence"] is NSNull)
        #expect(kr[1]["current"] as? Double == 36)

        // Everything was recorded today, so as known on 1 March 2026 there was nothing yet.
        let knownThen = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15", "--known-at", "2026-03-01").json()
        #expect((knownThen["cycles"] as? [Any])?.isEmpty == true)
    }

    @Test func humanOutputIsAnAlignedTableAndKRShowHasAHistory() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let status = try daemon.okrctl("status", "--as-of", "2026-02-15")
        #expect(status.status == 0)
        #expect(status.stdout.contains("2026-Q1"))
        #expect(status.stdout.contains("KR-1"))
        #expect(status.stdout.contains("on-track"))
        #expect(!status.stdout.contains("\u{1B}["), "no colour without a TTY")
        let lines = status.stdout.split(separator: "\n").filter { $0.contains("KR-") }
        let paceColumns = lines.compactMap { line -> Int? in
            guard let range = line.range(of: "on-track") else { return nil }
            return line.distance(from: line.startIndex, to: range.lowerBound)
        }
        #expect(paceColumns.count == 2)
        #expect(Set(paceColumns).count == 1, "columns line up")

        let show = try daemon.okrctl("kr", "show", "KR-1", "--as-of", "2026-02-15")
        #expect(show.status == 0)
        #expect(show.stdout.contains("▁"), "a sparkline of the history")
        #expect(show.stdout.contains("guided setup shipped"))
        #expect(show.stdout.contains("New users stall at workspace setup"))
    }
}

extension WalkthroughTests {
    @Test func aCheckInRetriedWithItsKeyIsRecordedOnce() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let first = try daemon.okrctl("checkin", "KR-1", "--confidence", "7", "--note", "weekly", "--key", "kr1-w7", "--json")
        #expect(first.status == 0, "\(first)")
        let seq = try #require(try first.json()["seq"] as? Int)
        #expect(try first.json()["duplicate"] == nil)
        let retry = try daemon.okrctl("checkin", "KR-1", "--confidence", "7", "--note", "weekly", "--key", "kr1-w7", "--json")
        #expect(retry.status == 0, "\(retry)")
        #expect(try retry.json()["seq"] as? Int == seq)
        #expect(try retry.json()["duplicate"] as? Bool == true)
        let changed = try daemon.okrctl("checkin", "KR-1", "--confidence", "3", "--note", "weekly", "--key", "kr1-w7")
        #expect(changed.status == 3)
        #expect(changed.stderr.contains("idempotency key 'kr1-w7' was already used by seq \(seq) with different content"), "\(changed)")
        #expect(try daemon.lastSeq == UInt64(seq))
        let shown = try daemon.okrctl("kr", "show", "KR-1", "--json").json()
        let notes = (shown["checkIns"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
        #expect(notes.filter { $0 == "weekly" }.count == 1, "\(notes)")
    }

    @Test func logJSONIsAnArrayOfEventsWithTheEnvelopeFields() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let result = try daemon.okrctl("log", "--json", "--type", "CheckInRecorded")
        #expect(result.status == 0)
        let events = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 3)
        for event in events {
            #expect(Set(event.keys) == ["seq", "id", "type", "version", "recordedAt", "effectiveAt", "actor", "data"])
            #expect(event["type"] as? String == "CheckInRecorded")
            #expect(event["version"] as? Int == 4)
        }
        #expect((events[0]["data"] as? [String: Any])?["confidence"] as? Int == 7)
        #expect(events[0]["effectiveAt"] as? String == "2026-02-06T00:00:00Z")
        #expect(events[0]["actor"] as? String == NSUserName())
    }
}
