import Foundation
import OKRTestSupport
import Testing

/// tree, lint, feeds, cycle close, score, calibration and work items through the real daemon.
@Suite(.serialized) struct PracticeCommandTests {
    static func walkthrough() throws -> DaemonProcess {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        return daemon
    }

    @Test func lintExitsFourOnFindingsAtTheChosenSeverityAndZeroWhenClean() throws {
        let daemon = try Self.walkthrough()
        // 19 February: ttfv.hours was last observed on the 10th, more than 7 days before (the
        // check-ins of the 13th are fresh through the 19th).
        let dirty = try daemon.okrctl("lint", "--as-of", "2026-02-19", "--json")
        #expect(dirty.status == 4, "\(dirty)")
        let findings = try #require(try dirty.json()["findings"] as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["OKR005"])
        #expect(findings.first?["subject"] as? String == "KR-2")
        #expect(findings.first?["severity"] as? String == "error")
        #expect(try daemon.okrctl("lint", "--as-of", "2026-02-19", "--fail-on", "error").status == 4)
        let table = try daemon.okrctl("lint", "--as-of", "2026-02-19")
        #expect(table.stdout.contains("OKR005") && table.stdout.contains("ttfv.hours"))
        #expect(table.stderr.contains("1 finding at or above warning"))
        let clean = try daemon.okrctl("lint", "--as-of", "2026-02-16")
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.contains("no findings"))
    }

    @Test func theTreeShowsTheSandwichWithWorkItems() throws {
        let daemon = try Self.walkthrough()
        #expect(try daemon.okrctl("link", "KR-1", "JIRA-123", "--title", "Guided workspace setup").status == 0)
        #expect(try daemon.okrctl("link", "KR-1", "JIRA-123").status == 3, "linked already")
        #expect(try daemon.okrctl("objective", "add", "Stabilise the platform", "--cycle", "2026-Q1", "--team", "platform").status == 0)
        // Linked today, so seen as of now (as of 15 February it was not linked yet).
        let february = try daemon.okrctl("tree", "--cycle", "2026-Q1", "--as-of", "2026-02-15", "--json")
        #expect(!february.stdout.contains("JIRA-123"))
        let tree = try daemon.okrctl("tree", "--cycle", "2026-Q1", "--json").json()
        let star = try #require((tree["northStars"] as? [[String: Any]])?.first)
        #expect(star["id"] as? String == "activation")
        let objective = try #require(((star["strategies"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first)
        #expect(objective["id"] as? String == "O-1")
        let kr = try #require((objective["keyResults"] as? [[String: Any]])?.first)
        #expect(((kr["workItems"] as? [[String: Any]])?.first?["ref"]) as? String == "JIRA-123")
        #expect((tree["unlinked"] as? [[String: Any]])?.map { $0["id"] as? String } == ["O-2"])
        #expect(tree["alignment"] as? Double == 0.5)
        let text = try daemon.okrctl("tree", "--cycle", "2026-Q1")
        #expect(text.stdout.contains("Weekly activated teams") && text.stdout.contains("JIRA-123") && text.stdout.contains("O-2"))
        let show = try daemon.okrctl("kr", "show", "KR-1")
        #expect(show.stdout.contains("JIRA-123"))
        #expect(try daemon.okrctl("unlink", "KR-1", "JIRA-123").status == 0)
        #expect(!(try daemon.okrctl("kr", "show", "KR-1").stdout.contains("JIRA-123")))
        #expect(try daemon.okrctl("unlink", "KR-1", "JIRA-123").status == 3)
    }

    @Test func closingACycleFreezesGradesAndFeedsCalibration() throws {
        let daemon = try Self.walkthrough()
        let provisional = try daemon.okrctl("score", "--cycle", "2026-Q1", "--json").json()
        #expect(provisional["closed"] as? Bool == false)
        #expect(try daemon.okrctl("calibration", "--json").json()["teams"] as? [Any] != nil)
        #expect(try daemon.okrctl("cycle", "close", "2026-Q1").status == 0)
        #expect(try daemon.okrctl("cycle", "close", "2026-Q1").status == 3, "closed already")
        let score = try daemon.okrctl("score", "--cycle", "2026-Q1", "--json").json()
        #expect(score["closed"] as? Bool == true)
        let objective = try #require((score["objectives"] as? [[String: Any]])?.first)
        #expect(objective["score"] as? Double == 0.5)  // both KRs ended at 0.5
        #expect(objective["grade"] as? String == "yellow")
        #expect(objective["verdict"] as? String == "short")
        // A back-fill after close does not change the frozen grade.
        #expect(try daemon.okrctl("observe", "onboarding.completion", "85", "--at", "2026-03-30").status == 0)
        let after = try daemon.okrctl("score", "--cycle", "2026-Q1", "--json").json()
        #expect((after["objectives"] as? [[String: Any]])?.first?["score"] as? Double == 0.5)
        // Check-ins 7 and 8 on KR-1 and 5 on KR-2; neither reached 0.7: ((0.7)² + (0.8)² + (0.5)²) / 3.
        let calibration = try daemon.okrctl("calibration", "--json").json()
        let team = try #require((calibration["teams"] as? [[String: Any]])?.first)
        #expect(team["team"] as? String == "growth")
        let brier = try #require((team["score"] as? [String: Any])?["brier"] as? Double)
        #expect(abs(brier - 1.38 / 3) < 1e-9)
        #expect(try daemon.okrctl("calibration").stdout.contains("growth"))
        #expect(try daemon.okrctl("objective", "add", "Late", "--cycle", "2026-Q1", "--team", "growth").status == 3, "closed cycle")
    }

    @Test func feedsListTheQuietMetricsMostOverdueFirst() throws {
        let daemon = try Self.walkthrough()
        let feeds = try daemon.okrctl("feeds", "--json").json()
        let metrics = try #require(feeds["feeds"] as? [[String: Any]])
        // Both walk-through metrics were last observed in February 2026: long quiet by now.
        #expect(metrics.map { $0["metric"] as? String } == ["ttfv.hours", "onboarding.completion"])
        #expect(metrics.first?["keyResults"] as? [String] == ["KR-2"])
        #expect(try daemon.okrctl("observe", "fresh.metric", "1").status == 0)
        #expect(try daemon.okrctl("feeds", "--json").json()["feeds"].map { ($0 as? [[String: Any]])?.count } == 2)
        #expect(try daemon.okrctl("feeds", "--all", "--json").json()["feeds"].map { ($0 as? [[String: Any]])?.count } == 3)
        #expect(try daemon.okrctl("feeds").stdout.contains("ttfv.hours"))
    }

    @Test func statusCarriesTheForecastProbabilityAndCrossing() throws {
        let daemon = try Self.walkthrough()
        let report = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15").json()
        let kr = try #require(((report["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first?["krs"] as? [[String: Any]])
        #expect(abs((kr[0]["forecastProbability"] as? Double ?? 0) - 0.6129315072807222) < 1e-9)
        #expect((kr[0]["forecastCrossing"] as? String)?.hasPrefix("2026-03-28") == true)
        // Two points: n − 2 = 0 degrees of freedom, so no chance can be told (not "0% chance"),
        // though the line itself (ending at 3.85 h) is still the forecast.
        #expect(kr[1]["forecastProbability"] is NSNull)
        #expect(abs((kr[1]["forecast"] as? Double ?? 0) - 3.8461538461538) < 1e-9)
    }

    @Test func humanOutputRoundsToWhatAPersonReads() throws {
        let daemon = try Self.walkthrough()
        let status = try daemon.okrctl("status", "--as-of", "2026-02-15").stdout
        // Forecasts at the precision of the key result's own figures, two significant digits at least.
        #expect(status.contains("85.9%") || status.contains("86%"), "\(status)")
        #expect(!status.contains("85.9428"), "\(status)")
        #expect(status.contains("3.8 h"), "\(status)")
        #expect(!status.contains("3.8462"), "\(status)")
        // The team sits beside the objective's title, not under PACE.
        let objectiveRow = try #require(status.split(separator: "\n").first { $0.hasPrefix("O-1") || $0.hasPrefix("O1") })
        let header = try #require(status.split(separator: "\n").first { $0.contains("PACE") })
        let paceColumn = try #require(header.range(of: "PACE")).lowerBound.utf16Offset(in: header)
        let teamColumn = objectiveRow.range(of: "growth").map { $0.lowerBound.utf16Offset(in: objectiveRow) } ?? -1
        #expect(teamColumn >= 0 && teamColumn < paceColumn - 10, "\(status)")
        let show = try daemon.okrctl("kr", "show", "KR-1", "--as-of", "2026-02-15").stdout
        #expect(show.contains("trend reaches target  2026-03-28\n"), "a date, not a microsecond: \(show)")
        let two = try daemon.okrctl("kr", "show", "KR-2", "--as-of", "2026-02-15").stdout
        #expect(!two.contains("chance"), "two observations tell no chance: \(two)")
    }
}

/// `tree` for a quarter whose objectives are aligned to an annual one (issue 19, item 9).
@Suite struct CrossCycleTreeTests {
    @Test func anObjectiveWhoseParentIsInAnotherCycleIsShownUnderThatParent() throws {
        let daemon = try DaemonProcess()
        try daemon.run([
            ["cycle", "add", "2026", "--start", "2026-01-01", "--end", "2026-12-31", "--name", "Year 2026"],
            ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
            ["objective", "add", "Become the default tool for small teams", "--cycle", "2026", "--team", "product", "--id", "A"],
            ["objective", "add", "Onboard teams in a day", "--cycle", "2026-Q1", "--team", "growth", "--id", "B", "--parent", "A"],
            ["objective", "add", "Unaligned", "--cycle", "2026-Q1", "--team", "growth", "--id", "C"],
        ])
        let json = try daemon.okrctl("tree", "--cycle", "2026-Q1", "--json", "--as-of", "2026-02-01").json()
        let unlinked = try #require(json["unlinked"] as? [[String: Any]])
        #expect(unlinked.map { $0["id"] as? String } == ["C"], "B has a parent: it is not linked to nothing")
        let parents = try #require(json["parentsInOtherCycles"] as? [[String: Any]])
        #expect(parents.count == 1)
        #expect(parents.first?["id"] as? String == "A" && parents.first?["cycle"] as? String == "2026")
        #expect((parents.first?["children"] as? [[String: Any]])?.map { $0["id"] as? String } == ["B"])
        #expect(json["alignment"] as? Double == 0.5)

        let text = try daemon.okrctl("tree", "--cycle", "2026-Q1", "--as-of", "2026-02-01").stdout
        let lines = text.split(separator: "\n").map(String.init)
        let parent = try #require(lines.firstIndex { $0.contains("A Become the default tool") }, "\(text)")
        let child = try #require(lines.firstIndex { $0.contains("B Onboard teams in a day") }, "\(text)")
        let nothing = try #require(lines.firstIndex { $0.contains("Linked to nothing") }, "\(text)")
        #expect(parent < child && child < nothing, "B under A, before the unlinked: \(text)")
        #expect(lines[parent].contains("2026"))

        let scratch = TemporaryDirectory("okr-tree")
        let page = scratch.appending("report.html")
        #expect(try daemon.okrctl("report", "--cycle", "2026-Q1", "--as-of", "2026-02-01", "--out", page).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("Become the default tool for small teams"))
    }
}
