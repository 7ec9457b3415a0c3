import Foundation
import Testing

/// `okrctl report`: one self-contained HTML page (scripts/report-screenshot.sh renders it in Chromium).
@Suite struct ReportTests {
    @Test func theReportIsOneSelfContainedPageWithAChartPerKeyResult() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let path = daemon.directory.appending("report.html")
        let result = try daemon.okrctl("report", "--cycle", "2026-Q1", "--as-of", "2026-02-15", "--out", path)
        #expect(result.status == 0, "\(result)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("as of Sunday 15 February 2026 ·"), "the as-of instant in words, as people read it")
        let now = daemon.directory.appending("now.html")
        #expect(try daemon.okrctl("report", "--cycle", "2026-Q1", "--as-of", "2026-02-15T09:32:18.281025Z", "--out", now).status == 0)
        #expect(try String(contentsOfFile: now, encoding: .utf8).contains("as of Sunday 15 February 2026, 09:32 UTC ·"), "to the minute")
        #expect(!html.contains("<script"), "no scripts")
        #expect(!html.contains("src="), "no external assets")
        #expect(!html.contains("href="), "no links out")
        let external = html.components(separatedBy: "http").count - 1
        let namespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(external == namespaces, "the only URLs are SVG namespaces")
        #expect(html.components(separatedBy: "aria-label=\"Burn-up of").count - 1 == 2)
        #expect(html.components(separatedBy: "aria-label=\"Confidence of").count - 1 == 2)
        for text in ["Weekly activated teams", "Win new customers through self-serve onboarding", "Grades", "Checks (okrctl lint)",
                     "Increase new users who complete onboarding from 60% to 85%", "New users stall at workspace setup", "on-track"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(html.contains("Dramatically improve our product&#39;s ease of use"), "text is escaped")
        #expect(try daemon.okrctl("report", "--cycle", "2026-Q9", "--out", path).status == 3)
    }
}
