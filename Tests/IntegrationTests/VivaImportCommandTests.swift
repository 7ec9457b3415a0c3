import Foundation
import OKRTestSupport
import Testing

/// `okrctl import viva` (SPEC §11) through the real daemon: the example export imported from its
/// directory and from a ZIP, checked against the export's own numbers; re-imports that append
/// nothing; a later export that appends only what is new; bad input that appends nothing.
@Suite struct VivaImportCommandTests {
    /// The example export (a copy of `../shared/fixtures/viva-goals`, so that a clean clone has it).
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../OKRImportTests/Fixtures/viva-goals").standardized.path

    static func close(_ value: Any?, _ expected: Double) -> Bool {
        guard let value = value as? Double else { return false }
        return abs(value - expected) < 1e-9
    }

    /// Every key result of `status --json` for `cycle` as of `asOf`, by id.
    static func keyResults(_ daemon: DaemonProcess, cycle: String, asOf: String) throws -> [String: [String: Any]] {
        let status = try daemon.okrctl("status", "--json", "--cycle", cycle, "--as-of", asOf).json()
        var byID: [String: [String: Any]] = [:]
        for cycle in status["cycles"] as? [[String: Any]] ?? [] {
            for objective in cycle["objectives"] as? [[String: Any]] ?? [] {
                for kr in objective["krs"] as? [[String: Any]] ?? [] { byID[kr["id"] as! String] = kr }
                var entry = objective
                entry.removeValue(forKey: "krs")
                byID[objective["id"] as! String] = entry
            }
        }
        return byID
    }

    /// A copy of the fixture in `directory`, with `edit` applied to the records of the file whose
    /// name starts with `prefix`.
    static func copy(into directory: String, editing prefix: String? = nil,
                     _ edit: (inout [[String: Any]]) -> Void = { _ in }) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture) where name.hasSuffix(".json") {
            var data = try Data(contentsOf: URL(fileURLWithPath: fixture).appendingPathComponent(name))
            if let prefix, name.hasPrefix(prefix) {
                var records = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
                edit(&records)
                data = try JSONSerialization.data(withJSONObject: records)
            }
            try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name))
        }
        return directory
    }

    /// A ZIP of `directory`'s JSON files under the folder `export/`, plus `extra` entries (name → text).
    static func zip(_ directory: String, to path: String, extra: [String: String] = [:]) throws {
        let script = """
        import json, os, sys, zipfile
        source, target, extra = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in sorted(os.listdir(source)):
                if name.endswith(".json"):
                    archive.write(os.path.join(source, name), "export/" + name)
            for name, text in extra.items():
                archive.writestr(name, text)
        """
        let extraJSON = String(decoding: try JSONSerialization.data(withJSONObject: extra), as: UTF8.self)
        let result = try DaemonProcess.run("/usr/bin/env", ["python3", "-c", script, directory, path, extraJSON])
        guard result.status == 0 else { throw DaemonError(message: "zip failed: \(result)") }
    }

    @Test func theExampleExportImportsWithItsHistoryAndAgainAppendsNothing() throws {
        let daemon = try DaemonProcess()
        let dryRun = try daemon.okrctl("import", "viva", Self.fixture, "--dry-run", "--json")
        #expect(dryRun.status == 0, "\(dryRun)")
        let plan = try dryRun.json()
        let wouldAppend = try #require(plan["new"] as? [String: Int])
        #expect(wouldAppend == ["cycles": 3, "teams": 3, "people": 4, "objectives": 5, "keyResults": 8, "plans": 1,
                                "observations": 25, "checkIns": 26, "notes": 1], "\(wouldAppend)")
        #expect(plan["applied"] as? Bool == false && plan["dryRun"] as? Bool == true)
        let unmapped = try #require(plan["unmapped"] as? [[String: Any]])
        #expect(unmapped.contains { $0["record"] as? String == "check-in 3100026" && $0["field"] as? String == "Current Value" },
                "a Big rock's check-in is its objective's, without its value: \(unmapped)")
        #expect(try daemon.lastSeq == 0, "a dry run appends nothing")

        let imported = try daemon.okrctl("import", "viva", Self.fixture)
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("3 cycles, 3 teams, 4 people, 5 objectives, 8 key results, 1 plan, 25 observations, 26 check-ins, 1 note"),
                "\(imported.stdout)")
        #expect(imported.stdout.contains("okrctl tree --cycle 2025-Q2"), "the command to see the result")
        let appended = try daemon.lastSeq
        #expect(appended == 3 + 4 + 5 + 8 + 1 + 25 + 27)

        // Cycles from the time periods, with their dates.
        let cycles = try #require(try daemon.okrctl("cycle", "list", "--json").json()["cycles"] as? [[String: Any]])
        #expect(cycles.map { "\($0["id"]!) \($0["start"]!) \($0["end"]!)" }.sorted()
                == ["2025 2025-01-01 2025-12-31", "2025-Q1 2025-01-01 2025-03-31", "2025-Q2 2025-04-01 2025-06-30"])

        // 20 February 2025, worked by hand from the export.
        let february = try Self.keyResults(daemon, cycle: "2025-Q1", asOf: "2025-02-20")
        let onboarding = try #require(february["viva-1003"])
        #expect(onboarding["kind"] as? String == "progress" && onboarding["baseline"] as? Double == 60 && onboarding["target"] as? Double == 85)
        #expect(onboarding["current"] as? Double == 66 && onboarding["checkInStatus"] as? String == "at-risk")
        let planned: Double = (70 + 15 * 5.0 / 45 - 60) / 25
        #expect(Self.close(onboarding["expected"], planned), "the phased target: 70 on 15 February, 85 at the end")
        let firstValue = try #require(february["viva-1004"])
        #expect(firstValue["baseline"] as? Double == 48 && firstValue["target"] as? Double == 2 && firstValue["unit"] as? String == "hours")
        #expect(firstValue["current"] as? Double == 30 && firstValue["checkInStatus"] as? String == "off-track",
                "checked in on 14 February, though entered on the 18th")
        #expect(firstValue["weight"] as? Double == 30 && firstValue["team"] as? String == "platform-engineering")
        let latency = try #require(february["viva-1005"])
        #expect(latency["kind"] as? String == "at-most" && latency["target"] as? Double == 300 && latency["current"] as? Double == 320)
        let project = try #require(february["viva-1006"])
        #expect(project["kind"] as? String == "milestone" && project["score"] as? Double == 1 && project["weight"] as? Double == 1,
                "the Project shipped on the 20th; its weight 0.0% is 1")
        let weighted: Double = 50 * 6.0 / 25 + 30 * 18.0 / 46 + 20 * 0 + 1 * 1
        #expect(Self.close(february["viva-1002"]?["score"], weighted / 101))
        #expect((february["viva-1002"]?["parents"] as? [[String: Any]])?.map { "\($0["id"]!):\($0["weight"]!)" } == ["viva-1001:60"])

        // The Big rock's own check-in of 28 March (SPEC §15), as of the day before and the day after.
        #expect(february["viva-1002"]?["checkInStatus"] is NSNull && february["viva-1002"]?["checkInAt"] is NSNull)
        let march = try Self.keyResults(daemon, cycle: "2025-Q1", asOf: "2025-03-29")
        #expect(march["viva-1002"]?["checkInStatus"] as? String == "on-track")
        #expect(march["viva-1002"]?["checkInAt"] as? String == "2025-03-28T00:00:00Z")

        // 20 May 2025 in the second quarter.
        let may = try Self.keyResults(daemon, cycle: "2025-Q2", asOf: "2025-05-20")
        #expect(may["viva-1008"]?["current"] as? Double == 8 && may["viva-1008"]?["checkInStatus"] as? String == "off-track")
        let adoption: Double = (8 - 4) / 16.0
        let tickets: Double = (120 - 97) / 36.0
        #expect(Self.close(may["viva-1008"]?["score"], adoption))
        #expect(Self.close(may["viva-1009"]?["score"], tickets), "Decrease From 120 to 84: 97 on 2 May")
        #expect(may["viva-1012"]?["kind"] as? String == "at-most" && may["viva-1012"]?["current"] as? Double == 1.9)
        #expect((may["viva-1007"]?["parents"] as? [[String: Any]])?.map { "\($0["id"]!):\($0["weight"]!)" } == ["viva-1001:25", "viva-1010:10"])
        #expect(may["viva-1009"] != nil && may["viva-loose-2025-Q2-growth"] != nil, "the parentless Kpi under its generated objective")

        // What okr has no field of its own for is kept and shown.
        let show = try daemon.okrctl("kr", "show", "viva-1004", "--json").json()
        let details = try #require(show["details"] as? [String: Any])
        #expect(details["delegate"] as? String == "dev.patel" && details["checkInOwners"] as? [String] == ["ben.kowalski", "dev.patel"])
        let tree = try daemon.okrctl("tree", "--cycle", "2025-Q1", "--as-of", "2025-03-31")
        #expect(tree.status == 0 && tree.stdout.contains("viva-1002"), "\(tree)")
        let treeJSON = try daemon.okrctl("tree", "--cycle", "2025-Q1", "--json").stdout
        #expect(treeJSON.contains("From the onboarding interviews in Q4.") && treeJSON.contains("\"onboarding\""))

        // Closed, the past cycles' metrics leave feeds (until then they are quiet feeds).
        let quietBefore = try daemon.okrctl("feeds", "--json").json()["feeds"] as? [[String: Any]] ?? []
        #expect(quietBefore.contains { $0["metric"] as? String == "viva.1003" })
        for cycle in ["2025-Q1", "2025-Q2", "2025"] { #expect(try daemon.okrctl("cycle", "close", cycle).status == 0) }
        let quietAfter = try daemon.okrctl("feeds", "--json").json()["feeds"] as? [[String: Any]] ?? []
        #expect(quietAfter.isEmpty, "\(quietAfter.map { $0["metric"] ?? "" })")
        let closedSeqs: UInt64 = 3

        // Again: nothing appended.
        let again = try daemon.okrctl("import", "viva", Self.fixture, "--json")
        #expect(again.status == 0, "\(again)")
        #expect(try again.json()["already"] as? Int == Int(appended))
        #expect(try again.json()["applied"] as? Bool == false)
        #expect(try daemon.lastSeq == appended + closedSeqs)
    }

    @Test func aLaterExportAppendsOnlyWhatIsNewAndTheZIPImportsTheSame() throws {
        let daemon = try DaemonProcess()
        let zip = daemon.directory.appending("export.zip")
        try Self.zip(Self.fixture, to: zip)
        let first = try daemon.okrctl("import", "viva", zip)
        #expect(first.status == 0, "\(first)")
        let before = try daemon.lastSeq
        #expect(before == 73)

        // Taken a week later: one more check-in, its note kept only as HTML.
        let lateCheckIn: [String: Any] = ["ID": 3100099, "OKR ID": 1003, "CheckIn Date": "2025-04-02 00:00:00", "Activity Date": "2025-04-02",
                                          "Status": "On Track", "Current Value": 84.0,
                                          "Check In Note": ["Check In Note": "", "Check In Note HTML": "<p>late &amp; final</p>"],
                                          "Check In Owner": ["ID": 500004, "Name": "Dev Patel", "Email": "dev.patel@example.org"]]
        let later = try Self.copy(into: daemon.directory.appending("later"), editing: "checkins_") { records in
            records.append(lateCheckIn)
        }
        let result = try daemon.okrctl("import", "viva", later, "--json")
        #expect(result.status == 0, "\(result)")
        let answer = try result.json()
        #expect(answer["new"] as? [String: Int] == ["cycles": 0, "teams": 0, "people": 0, "objectives": 0, "keyResults": 0, "plans": 0,
                                                     "observations": 1, "checkIns": 1, "notes": 0])
        #expect(answer["already"] as? Int == 73)
        #expect(try daemon.lastSeq == before + 2)
        let show = try daemon.okrctl("kr", "show", "viva-1003", "--json").json()
        #expect((show["checkIns"] as? [[String: Any]])?.last?["note"] as? String == "late & final", "a note kept only as HTML")

        // Dropped in okr since: a still later export's check-in on it stays out, its observation comes in.
        #expect(try daemon.okrctl("kr", "drop", "viva-1003", "--reason", "replaced by a new KR").status == 0)
        let latest = try Self.copy(into: daemon.directory.appending("latest"), editing: "checkins_") { records in
            records.append(["ID": 3100100, "OKR ID": 1003, "CheckIn Date": "2025-04-03 00:00:00", "Status": "On Track", "Current Value": 85.0,
                            "Check In Note": ["Check In Note": "done", "Check In Note HTML": NSNull()]])
            records.append(lateCheckIn)
        }
        let afterDrop = try daemon.okrctl("import", "viva", latest, "--json")
        #expect(afterDrop.status == 0, "\(afterDrop)")
        let dropped = try afterDrop.json()
        #expect((dropped["new"] as? [String: Int])?["observations"] == 1 && (dropped["new"] as? [String: Int])?["checkIns"] == 0)
        #expect((dropped["kept"] as? [[String: Any]])?.contains { $0["key"] as? String == "viva:checkin:3100100" } == true, "\(dropped)")
    }

    @Test func peopleMapByTheUsersFile() throws {
        let daemon = try DaemonProcess()
        let users = daemon.directory.appending("users.csv")
        try "email,id\nDev.Patel@example.org,dpatel\n# the rest by their local part\n".write(toFile: users, atomically: true, encoding: .utf8)
        let result = try daemon.okrctl("import", "viva", Self.fixture, "--users", users)
        #expect(result.status == 0, "\(result)")
        let february = try Self.keyResults(daemon, cycle: "2025-Q1", asOf: "2025-02-20")
        #expect(february["viva-1003"]?["owner"] as? String == "dpatel")
        #expect(february["viva-1004"]?["owner"] as? String == "ben.kowalski")
        let people = try daemon.okrctl("person", "list", "--json").stdout
        #expect(people.contains("dpatel") && !people.contains("\"dev.patel\""))
    }

    @Test func badInputIsRefusedNamingWhatIsWrongAndAppendsNothing() throws {
        let daemon = try DaemonProcess()
        // Not an export: a directory without objectives_*.json.
        let empty = daemon.directory.appending("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let notExport = try daemon.okrctl("import", "viva", empty)
        #expect(notExport.status == 3 && notExport.stderr.contains("objectives_"), "\(notExport)")
        // Not a ZIP.
        let text = daemon.directory.appending("notes.zip")
        try "hello".write(toFile: text, atomically: true, encoding: .utf8)
        let notZIP = try daemon.okrctl("import", "viva", text)
        #expect(notZIP.status == 3 && notZIP.stderr.contains("ZIP"), "\(notZIP)")
        // A non-numeric Current Value: the file, the record's ID and the field.
        let bad = try Self.copy(into: daemon.directory.appending("bad"), editing: "checkins_") { records in
            records[4]["Current Value"] = "lots"
        }
        let badValue = try daemon.okrctl("import", "viva", bad)
        #expect(badValue.status == 3, "\(badValue)")
        #expect(badValue.stderr.contains("checkins_") && badValue.stderr.contains("3100005") && badValue.stderr.contains("Current Value"),
                "\(badValue.stderr)")
        // A goal without its Time Period.
        let noPeriod = try Self.copy(into: daemon.directory.appending("noperiod"), editing: "objectives_") { records in
            records[2].removeValue(forKey: "Time Period")
        }
        let missing = try daemon.okrctl("import", "viva", noPeriod)
        #expect(missing.status == 3 && missing.stderr.contains("1003") && missing.stderr.contains("Time Period"), "\(missing)")
        // A users file with a bad line.
        let users = daemon.directory.appending("users.csv")
        try "email,id\nana.ortiz@example.org,ana\nben@example.org,Ben Kowalski\n".write(toFile: users, atomically: true, encoding: .utf8)
        let badUsers = try daemon.okrctl("import", "viva", Self.fixture, "--users", users)
        #expect(badUsers.status == 3 && badUsers.stderr.contains("\(users):3:"), "\(badUsers)")
        // A ZIP entry that leaves the archive.
        let escaping = daemon.directory.appending("escaping.zip")
        try Self.zip(Self.fixture, to: escaping, extra: ["../../etc/evil.json": "[]"])
        let traversal = try daemon.okrctl("import", "viva", escaping)
        #expect(traversal.status == 3 && traversal.stderr.contains("../../etc/evil.json"), "\(traversal)")
        #expect(try daemon.lastSeq == 0, "nothing appended by any of them")

        // A cycle okr already has with other dates: refused by okrd, naming it; nothing appended.
        #expect(try daemon.okrctl("cycle", "add", "2025-Q1", "--start", "2025-01-06", "--end", "2025-03-31").status == 0)
        let clash = try daemon.okrctl("import", "viva", Self.fixture)
        #expect(clash.status == 3 && clash.stderr.contains("2025-Q1") && clash.stderr.contains("viva:cycle:902"), "\(clash)")
        #expect(try daemon.lastSeq == 1)
    }

    /// Every text field of an export holding what drives a terminal: the import takes the text
    /// without it (a title on one line, a note on several), and nothing okrctl prints of it, as
    /// text or JSON, holds a raw control, bidi or separator character.
    @Test func hostileTextInEveryFieldIsImportedInertAndPrintedSafely() throws {
        let daemon = try DaemonProcess()
        let hostile = "evil \u{1B}]0;pwned\u{07}\u{1B}[31mred\u{202E}fed\u{2028}x\r\ny\u{85}z\u{7F}"
        let export = try Self.copy(into: daemon.directory.appending("hostile"), editing: "objectives_") { records in
            for index in records.indices {
                records[index]["Title"] = "\(records[index]["Title"]!) \(hostile)"
                records[index]["Description"] = hostile
                records[index]["Tags"] = [hostile]
            }
            var outcome = records[3]["Outcome"] as! [String: Any]
            outcome["Metric Unit"] = hostile
            records[3]["Outcome"] = outcome
        }
        for (prefix, field) in [("checkins_", "Check In Note"), ("comments_", "Comment"), ("Users_", "Name"), ("Teams_", "Team Name"),
                                ("TimePeriods_", "Time Period Name")] {
            let url = URL(fileURLWithPath: export).appendingPathComponent(
                try FileManager.default.contentsOfDirectory(atPath: export).first { $0.hasPrefix(prefix) }!)
            var records = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
            for index in records.indices {
                if field == "Check In Note" {
                    records[index][field] = ["Check In Note": hostile, "Check In Note HTML": NSNull()]
                } else if field == "Time Period Name" {
                    records[index][field] = "\(records[index][field]!)\u{202E}"
                } else {
                    records[index][field] = "\(records[index][field]!) \(hostile)"
                }
            }
            try JSONSerialization.data(withJSONObject: records).write(to: url)
        }
        let imported = try daemon.okrctl("import", "viva", export)
        #expect(imported.status == 0, "\(imported)")
        let outputs = [
            imported,
            try daemon.okrctl("import", "viva", export, "--dry-run", "--json"),
            try daemon.okrctl("tree", "--cycle", "2025-Q1", "--as-of", "2025-03-31"),
            try daemon.okrctl("tree", "--cycle", "2025-Q1", "--json"),
            try daemon.okrctl("kr", "show", "viva-1004", "--as-of", "2025-03-31"),
            try daemon.okrctl("kr", "show", "viva-1004", "--json"),
            try daemon.okrctl("status", "--cycle", "2025-Q1", "--as-of", "2025-03-31"),
            try daemon.okrctl("person", "list"),
            try daemon.okrctl("log", "--json"),
        ]
        let refused: Set<Unicode.Scalar> = ["\u{1B}", "\u{07}", "\u{202E}", "\u{2028}", "\r", "\u{85}", "\u{7F}"]
        for output in outputs {
            #expect(output.status == 0, "\(output)")
            let raw = (output.stdout + output.stderr).unicodeScalars.filter { refused.contains($0) }
            #expect(raw.isEmpty, "raw \(raw.map { String($0.value, radix: 16) }) in \(output.stdout.prefix(300))")
        }
        let show = try daemon.okrctl("kr", "show", "viva-1004", "--json").json()
        let title = try #require((show["kr"] as? [String: Any])?["title"] as? String)
        #expect(title.hasPrefix("Reduce time to first value from 48 h to 2 h evil ]0;pwned[31mredfed"), "\(title)")
        #expect(!title.contains("\n"), "a title stays on one line")
        let notes = (show["checkIns"] as? [[String: Any]] ?? []).compactMap { $0["note"] as? String }
        #expect(notes.contains { $0.contains("x\ny") }, "a note keeps its line break: \(notes)")
    }

    /// `import.stage` and `import.commit` over the socket: an event the checks refuse (a title
    /// that drives a terminal, an event type an import does not bring, a key result of an
    /// objective nobody defines) is named by its key with its code, the upload is gone, and
    /// nothing is appended; an upload someone else named, or one committed, is not there.
    @Test func theImportMethodsRefuseWhatTheChecksRefuseAndAppendNothing() throws {
        let daemon = try DaemonProcess()
        let cycle = #"{"type":"CycleDefined","at":"2025-01-01T00:00:00Z","key":"t:cycle:1","data":{"id":"2025-Q1","name":"Q1","start":"2025-01-01","end":"2025-03-31"}}"#
        func objective(_ title: String) -> String {
            #"{"type":"ObjectiveCreated","at":"2025-01-02T00:00:00Z","key":"t:goal:2","data":{"id":"t-2","cycle":"2025-Q1","team":"growth","title":"\#(title)","kind":"committed","parents":[]}}"#
        }
        let orphan = #"{"type":"KeyResultCreated","at":"2025-01-02T00:00:00Z","key":"t:goal:3","data":{"id":"t-3","objective":"nobody","title":"T","metric":"t.3","kind":"progress","baseline":0,"target":1,"level":"outcome","indicator":"leading","weight":1}}"#
        let closed = #"{"type":"CycleClosed","at":"2025-04-01T00:00:00Z","key":"t:close:1","data":{"id":"2025-Q1","keyResults":[],"objectives":[]}}"#
        for (events, code, key) in [([cycle, objective(#"evil \u001b[31m"#)], 1004, "t:goal:2"), ([cycle, closed], 1004, "t:close:1"),
                                    ([cycle, orphan], 1000, "t:goal:3")] {
            let staged = try daemon.exchange([#"{"jsonrpc":"2.0","id":1,"method":"import.stage","params":{"events":[\#(events.joined(separator: ","))]}}"#],
                                             expecting: 1)[0]
            let upload = try #require((try JSONSerialization.jsonObject(with: Data(staged.utf8)) as? [String: Any])
                .flatMap { $0["result"] as? [String: Any] }?["upload"] as? String, "\(staged)")
            let commit = #"{"jsonrpc":"2.0","id":2,"method":"import.commit","params":{"upload":"\#(upload)"}}"#
            let answer = try daemon.exchange([commit, commit], expecting: 2)
            let error = try #require((try JSONSerialization.jsonObject(with: Data(answer[0].utf8)) as? [String: Any])?["error"] as? [String: Any])
            #expect(error["code"] as? Int == code, "\(answer[0])")
            #expect((error["message"] as? String)?.hasPrefix(key) == true, "\(answer[0])")
            #expect(answer[1].contains("no upload"), "committed or refused, the upload is gone: \(answer[1])")
        }
        #expect(try daemon.lastSeq == 0, "nothing appended by any of them")
        // The same events, well formed, appended in one commit; a dry run first appends nothing.
        let staged = try daemon.exchange([#"{"jsonrpc":"2.0","id":1,"method":"import.stage","params":{"events":[\#(cycle),\#(objective("Fine"))]}}"#],
                                         expecting: 1)[0]
        let upload = try #require((try JSONSerialization.jsonObject(with: Data(staged.utf8)) as? [String: Any])
            .flatMap { $0["result"] as? [String: Any] }?["upload"] as? String)
        let done = try daemon.exchange([#"{"jsonrpc":"2.0","id":2,"method":"import.commit","params":{"upload":"\#(upload)"}}"#], expecting: 1)[0]
        #expect(done.contains(#""applied":true"#) && done.contains(#""lastSeq":2"#), "\(done)")
        #expect(try daemon.lastSeq == 2)
        let status = try daemon.okrctl("status", "--json", "--cycle", "2025-Q1", "--as-of", "2025-02-01").json()
        let objectives = (status["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]]
        #expect(objectives?.first?["title"] as? String == "Fine")
    }

    /// The records of the fixture's file whose name starts with `prefix`.
    static func records(_ prefix: String) throws -> [[String: Any]] {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: fixture).first { $0.hasPrefix(prefix) })
        return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture).appendingPathComponent(name))) as! [[String: Any]]
    }

    /// Read straight from the export's files, not from the mapping's code: every key result's
    /// kind, baseline and target in its cycle, and at each of its check-ins' dates its value and
    /// check-in status as `status --json` shows them then.
    @Test func everyKeyResultAndCheckInShowsTheExportsOwnNumbers() throws {
        let daemon = try DaemonProcess()
        #expect(try daemon.okrctl("import", "viva", Self.fixture).status == 0)
        let periods = Dictionary(uniqueKeysWithValues: try Self.records("TimePeriods_").map { period -> (Int, (String, String)) in
            let words = (period["Time Period Name"] as! String).split(separator: " ")
            let id = words[0] == "Annual" ? String(words[1]) : "\(words[1])-\(words[0])"
            return (period["ID"] as! Int, (id, period["End Date"] as! String))
        })
        let goals = try Self.records("objectives_")
        var keyResults: [Int: (cycle: String, project: Bool)] = [:]
        var checked = 0
        for goal in goals where ["Kpi", "Project"].contains(goal["Type"] as? String) {
            let id = goal["ID"] as! Int
            let (cycle, end) = periods[(goal["Time Period"] as! [String: Any])["ID"] as! Int]!
            let shown = try #require(try Self.keyResults(daemon, cycle: cycle, asOf: end)["viva-\(id)"], "KR of goal \(id)")
            let outcome = goal["Outcome"] as! [String: Any]
            let kind: String
            var baseline: Double? = 0
            var target = 100.0
            if goal["Type"] as? String == "Project" {
                kind = "milestone"
                target = 1
            } else if outcome["Outcome Type"] as? String == "Percentage" {
                kind = "progress"
            } else {
                target = outcome["Target"] as! Double
                switch outcome["Target Type"] as! String {
                case "Stay Above": kind = "at-least"; baseline = nil
                case "Stay Below": kind = "at-most"; baseline = nil
                default: kind = "progress"; baseline = outcome["Start"] as? Double
                }
            }
            #expect(shown["kind"] as? String == kind, "goal \(id)")
            #expect(shown["target"] as? Double == target, "goal \(id)")
            if let baseline { #expect(shown["baseline"] as? Double == baseline, "goal \(id)") }
            keyResults[id] = (cycle, goal["Type"] as? String == "Project")
            checked += 1
        }
        #expect(checked == 8)
        let statuses = ["On Track": "on-track", "At Risk": "at-risk", "Behind": "off-track"]
        var observed = 0
        for checkIn in try Self.records("checkins_") {
            guard let kr = keyResults[checkIn["OKR ID"] as! Int] else { continue }
            let at = (checkIn["CheckIn Date"] as! String).replacingOccurrences(of: " ", with: "T") + "Z"
            let shown = try #require(try Self.keyResults(daemon, cycle: kr.cycle, asOf: at)["viva-\(checkIn["OKR ID"]!)"])
            let value = checkIn["Current Value"] as! Double
            #expect(shown["current"] as? Double == (kr.project ? value / 100 : value), "check-in \(checkIn["ID"]!)")
            if let status = statuses[checkIn["Status"] as! String] {
                #expect(shown["checkInStatus"] as? String == status, "check-in \(checkIn["ID"]!)")
            }
            observed += 1
        }
        #expect(observed == 25)
    }
}
