import Foundation
import OKRTestSupport
import Testing

/// KPIs, links between metrics, `metric tree` and OKR013 through the real daemon and okrctl
/// (SPEC §14), and a KPI's change of health delivered to a real webhook receiver.
@Suite(.serialized) struct KPIAndMetricLinkTests {
    static func day(_ offset: Int, _ time: String = "12:00:00") -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400)) + "T\(time)Z"
    }

    @Test func aKPIIsListedShownAndChangesHealthAsObservationsCome() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        try daemon.run([["person", "set", "maria"]])
        var csv = "metric,value,at\n"
        for offset in -20...(-1) { csv += "errors,\(offset < -10 ? 2 : 9),\(Self.day(offset))\n" }
        #expect(try daemon.okrctl("observe", "--file", "-", input: csv).status == 0)
        let add = try daemon.okrctl("kpi", "add", "K-1", "--metric", "errors", "--name", "Errors <script>", "--at-most", "5",
                                    "--window", "3", "--owner", "maria", "--team", "platform", "--at", Self.day(-20, "00:00:00"))
        #expect(add.status == 0, "\(add)")
        let list = try daemon.okrctl("kpi", "list", "--json").json()
        let kpi = try #require((list["kpis"] as? [[String: Any]])?.first)
        #expect(kpi["id"] as? String == "K-1" && kpi["health"] as? String == "unhealthy" && kpi["value"] as? Double == 9)
        #expect((kpi["band"] as? [String: Any])?["max"] as? Double == 5 && (kpi["band"] as? [String: Any])?["min"] is NSNull)
        #expect(kpi["window"] as? Int == 3 && kpi["owner"] as? String == "maria" && kpi["team"] as? String == "platform")
        // Day -10's 9 makes the 3-day mean (2 + 2 + 9) / 3 = 4.33: still healthy; day -9's makes 6.67.
        #expect(kpi["since"] as? String == Self.day(-9), "\(kpi)")
        #expect(Set(kpi.keys).isSuperset(of: ["id", "name", "metric", "team", "owner", "band", "window", "value", "health", "since"]))
        let past = try daemon.okrctl("kpi", "list", "--json", "--as-of", Self.day(-12)).json()
        #expect((past["kpis"] as? [[String: Any]])?.first?["health"] as? String == "healthy")

        let text = try daemon.okrctl("kpi", "list")
        #expect(text.status == 0 && text.stdout.contains("K-1") && text.stdout.contains("unhealthy") && text.stdout.contains("≤ 5 (3 d)"), "\(text)")
        let show = try daemon.okrctl("kpi", "show", "K-1", "--json").json()
        let changes = try #require(show["changes"] as? [[String: Any]])
        #expect(changes.map { $0["health"] as? String ?? "" } == ["unknown", "healthy", "unhealthy"], "\(changes)")

        // The band widens: healthy from now on, and the history says so.
        #expect(try daemon.okrctl("kpi", "update", "K-1", "--between", "0..10").status == 0)
        let widened = try daemon.okrctl("kpi", "show", "K-1", "--json").json()
        #expect((widened["kpi"] as? [String: Any])?["health"] as? String == "healthy")
        #expect((widened["history"] as? [[String: Any]])?.map { $0["type"] as? String ?? "" } == ["KPIDefined", "KPIUpdated"])
        let due = try daemon.okrctl("due", "--json", "--owner", "maria").json()
        #expect(!((due["items"] as? [[String: Any]]) ?? []).contains { $0["kind"] as? String == "kpi" }, "healthy now: nothing due")
        #expect(try daemon.okrctl("kpi", "retire", "K-1", "--reason", "merged").status == 0)
        #expect((try daemon.okrctl("kpi", "list", "--json").json()["kpis"] as? [Any])?.isEmpty == true)
        let digest = try daemon.okrctl("digest", "--json", "--since", Self.day(-14)).json()
        #expect(((digest["kpiChanges"] as? [[String: Any]]) ?? []).contains { $0["kpi"] as? String == "K-1" && $0["to"] as? String == "unhealthy" })
    }

    @Test func badKPIsAndLinksAreRefusedNamingWhatWasWrongAndAppendNothing() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        try daemon.run([["observe", "a", "1"], ["observe", "b", "1"], ["observe", "c", "1"], ["metric", "link", "a", "--drives", "b"],
                        ["metric", "link", "b", "--drives", "c"],
                        ["kpi", "add", "K-1", "--metric", "a", "--name", "A", "--at-least", "0"]])
        let seq = try daemon.lastSeq
        let refusals: [([String], String)] = [
            (["kpi", "add", "K-2", "--metric", "a", "--name", "A", "--between", "5..1"], "min 5 is above its max 1"),
            (["kpi", "add", "K-2", "--metric", "a", "--name", "A", "--at-least", "1", "--window", "0"], "window"),
            (["kpi", "add", "K-2", "--metric", "Not A Key", "--name", "A", "--at-least", "1"], "metric key"),
            (["kpi", "add", "K-2", "--metric", "a", "--name", "A", "--at-least", "1", "--owner", "nobody"], "person 'nobody' not found"),
            (["kpi", "add", "K-1", "--metric", "a", "--name", "A", "--at-least", "1"], "exists already"),
            (["kpi", "update", "K-9", "--name", "x"], "KPI 'K-9' not found"),
            (["kpi", "update", "K-1", "--between", "3..2"], "above its max"),
            (["metric", "link", "a", "--drives", "a"], "cannot drive itself"),
            (["metric", "link", "c", "--drives", "a"], "makes a loop"),
            (["metric", "link", "a", "--drives", "nothing"], "metric 'nothing' is unknown"),
            (["metric", "link", "a", "--drives", "b"], "already linked"),
            (["metric", "unlink", "a", "--drives", "c"], "not found"),
            (["metric", "lead", "a", "b", "--max-lag", "400"], "maxLag"),
            (["metric", "tree", "--northstar", "NS-9"], "north star 'NS-9' not found"),
        ]
        for (arguments, says) in refusals {
            let result = try daemon.okrctl(arguments: arguments)
            #expect(result.status == 3 && result.stderr.contains(says) && result.stderr.range(of: #"\(10\d\d\)\n$"#, options: .regularExpression) != nil,
                    "\(arguments): \(result)")
        }
        #expect(try daemon.okrctl("kpi", "add", "K-3", "--metric", "a", "--name", "A").status == 1, "a band is required")
        #expect(try daemon.lastSeq == seq, "nothing appended")
    }

    @Test func theTreeHangsInputsUnderTheNorthStarWithEvidenceAndLintDoubtsALeadingKRThatDoesNotLead() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        // 120 days of two independent random walks: linked, but no lead.
        var random = SeededRandom(seed: 13)
        var (a, b) = (100.0, 500.0)
        var csv = "metric,value,at\n"
        for offset in -120...(-1) {
            a += random.gaussian()
            b += random.gaussian() * 4
            csv += "activation,\(a),\(Self.day(offset))\nrevenue,\(b),\(Self.day(offset))\n"
        }
        #expect(try daemon.okrctl("observe", "--file", "-", input: csv).status == 0)
        try daemon.run([
            ["northstar", "add", "NS", "--name", "Revenue", "--metric", "revenue"],
            ["cycle", "add", "Q", "--start", String(Self.day(-30).prefix(10)), "--end", String(Self.day(60).prefix(10))],
            ["objective", "add", "Activate", "--cycle", "Q", "--team", "growth", "--id", "O1"],
            ["kr", "add", "Activation up", "--objective", "O1", "--metric", "activation", "--target", "200", "--indicator", "leading",
             "--id", "KR-1"],
            ["metric", "link", "activation", "--drives", "revenue", "--note", "activated teams pay"],
        ])
        let tree = try daemon.okrctl("metric", "tree", "--json").json()
        let root = try #require((tree["roots"] as? [[String: Any]])?.first)
        #expect(root["metric"] as? String == "revenue" && root["northStar"] as? String == "NS")
        let input = try #require((root["inputs"] as? [[String: Any]])?.first)
        #expect(input["metric"] as? String == "activation" && input["keyResults"] as? [String] == ["KR-1"])
        let link = try #require(input["link"] as? [String: Any])
        #expect(link["leads"] as? Bool == false && link["commonDays"] as? Int == 120 && link["note"] as? String == "activated teams pay")
        let drawn = try daemon.okrctl("metric", "tree")
        #expect(drawn.stdout.contains("★ revenue") && drawn.stdout.contains("└─ activation") && drawn.stdout.contains("no evidence"), "\(drawn)")

        let lint = try daemon.okrctl("lint", "--json").json()
        let finding = ((lint["findings"] as? [[String: Any]]) ?? []).first { $0["code"] as? String == "OKR013" }
        #expect((finding?["message"] as? String)?.hasPrefix("KR-1 is called leading for activation but activation shows no lead over 120 days") == true,
                "\(lint)")
        #expect(finding?["severity"] as? String == "warning")
        // Unlinked, there is no claim left to doubt.
        #expect(try daemon.okrctl("metric", "unlink", "activation", "--drives", "revenue").status == 0)
        let after = try daemon.okrctl("lint", "--json").json()
        #expect(!((after["findings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "OKR013" })
    }

    @Test func aChangeOfHealthGoesToAHookTakingKPIHealth() async throws {
        try HookTests.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let (secret, secretFile) = try HookReceiver.secret(in: daemon.directory)
        let receiver = try HookReceiver("standard", ["--secret", secret], directory: daemon.directory)
        try daemon.run([["person", "set", "maria"], ["observe", "queue", "3"],
                        ["kpi", "add", "K-1", "--metric", "queue", "--name", "Queue depth", "--at-most", "10", "--owner", "maria"]])
        #expect(try daemon.okrctl("hook", "add", "ops", "--url", receiver.url, "--format", "standard", "--secret-file", secretFile,
                                  "--events", "kpi.health").status == 0)
        for value in ["4", "50", "60"] { _ = try daemon.okrctl("observe", "queue", value) }
        #expect(try daemon.okrctl("kpi", "update", "K-1", "--at-most", "100").status == 0)
        #expect(await receiver.wait { $0.count >= 2 }, "\(receiver.requests)")
        try await Task.sleep(for: .milliseconds(300))
        let requests = receiver.requests
        #expect(requests.allSatisfy { $0["ok"] as? Bool == true && $0["type"] as? String == "kpi.health" })
        let subjects = requests.compactMap { (($0["body"] as? [String: Any])?["data"] as? [String: Any])?["subject"] as? [String: Any] }
        #expect(subjects.map { $0["health"] as? String ?? "" } == ["unhealthy", "healthy"], "50 breaks the band, 60 keeps it broken, a wider band mends it: \(subjects)")
    }
}
