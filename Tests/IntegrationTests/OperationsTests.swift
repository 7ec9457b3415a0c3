import Foundation
import OKRTestSupport
import Testing

/// export, backup and completion through the real daemon.
@Suite(.serialized) struct OperationsTests {
    @Test func prometheusExportHasEveryFamilyWithLabelsAndPassesPromtool() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let result = try daemon.okrctl("export", "--format", "prometheus", "--cycle", "2026-Q1")
        #expect(result.status == 0)
        for family in ["okr_kr_score", "okr_kr_progress", "okr_kr_expected", "okr_kr_confidence", "okr_kr_seconds_since_observation",
                       "okr_kr_seconds_since_checkin", "okr_objective_score", "okr_log_last_seq"] {
            #expect(result.stdout.contains("# TYPE \(family) gauge"), "missing \(family)")
        }
        #expect(result.stdout.contains(#"okr_kr_score{cycle="2026-Q1",team="growth",objective="O-1",kr="KR-1"} 0.5"#))
        #expect(result.stdout.contains("okr_log_last_seq 15"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool") {
            let check = try DaemonProcess.run("/usr/bin/promtool", ["check", "metrics"], input: result.stdout)
            #expect(check.status == 0, "promtool: \(check)")
        }
    }

    @Test func csvHasOneRowPerKeyResultAndNdjsonEveryEvent() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let csv = try daemon.okrctl("export", "--format", "csv", "--cycle", "2026-Q1")
        let rows = csv.stdout.split(separator: "\r\n")
        #expect(rows.count == 3)
        #expect(rows[0].hasPrefix("cycle,team,objective,kr,title,metric"))
        #expect(rows[1].contains("KR-1,Increase new users who complete onboarding from 60% to 85%,onboarding.completion"))
        let ndjson = try daemon.okrctl("export", "--format", "ndjson")
        let lines = ndjson.stdout.split(separator: "\n")
        #expect(lines.count == 15)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["type"] as? String == "CycleDefined")
        #expect(first["seq"] as? Int == 1)
    }

    @Test func aHotBackupVerifiesAndRestoresToTheSameStatus() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let destination = daemon.directory.appending("backup")
        let backup = try daemon.okrctl("backup", destination, "--json")
        #expect(backup.status == 0, "\(backup)")
        let checked = try backup.json()["verify"] as? [String: Any]
        #expect(checked?["events"] as? Int == 15)
        #expect(checked?["daySummaries"] as? Int == 5, "the walkthrough's five observations fall on five days")
        #expect(try daemon.okrctl("backup", destination).status == 3, "never overwrites a backup")
        #expect(try daemon.okrctl("backup", "relative/path").status == 3)
        let status = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15", "--known-at", "2030-01-01").stdout

        // Restore: a daemon on the backup's directory answers the same.
        let restoredDirectory = TemporaryDirectory("okrd-restored")
        try FileManager.default.createDirectory(atPath: restoredDirectory.appending("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: destination + "/data.mdb", toPath: restoredDirectory.appending("data/data.mdb"))
        let restored = try DaemonProcess(directory: restoredDirectory)
        #expect(try restored.okrctl("status", "--json", "--as-of", "2026-02-15", "--known-at", "2030-01-01").stdout == status)
        let verify = try restored.okrctl("verify")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("5 index entries, 5 day summaries"), "\(verify)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCoverTheCommands(shell: String) throws {
        let result = try DaemonProcess.run(DaemonProcess.okrctl, ["completion", shell])
        #expect(result.status == 0)
        for command in ["observe", "checkin", "status", "lint", "apply"] {
            #expect(result.stdout.contains(command), "\(shell) completion lacks \(command)")
        }
    }
}
