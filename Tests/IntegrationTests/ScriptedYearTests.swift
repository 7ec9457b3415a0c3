import Foundation
import Testing

/// SPEC §10 through the real daemon and okrctl: a scripted year whose every figure in
/// `status --json` was worked by hand, and the bad input that must append nothing.
@Suite struct ScriptedYearTests {
    /// 2026 beside its first two quarters; annual A from its children B (weight 3) and C
    /// (weight 1) in Q1 and Q2; a shared objective S with a Product, an Engineering and a Design
    /// key result; KR-M moved from B1 to S on 1 March; C1 carried into Q2 as C2; KR-P planned.
    static let setup: [[String]] = [
        ["cycle", "add", "2026", "--start", "2026-01-01", "--end", "2026-12-31"],
        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
        ["cycle", "add", "2026-Q2", "--start", "2026-04-01", "--end", "2026-06-30"],
        ["objective", "add", "Become the planning tool teams love", "--cycle", "2026", "--team", "product", "--id", "A",
         "--progress", "children"],
        ["objective", "add", "Activate new teams", "--cycle", "2026-Q1", "--team", "product", "--id", "B1", "--parent", "A:3"],
        ["objective", "add", "Make teams recommend us", "--cycle", "2026-Q1", "--team", "product", "--id", "C1", "--parent", "A:1"],
        ["objective", "add", "Ship planning that feels instant", "--cycle", "2026-Q1", "--team", "product", "--id", "S"],
        ["objective", "add", "Activate teams faster", "--cycle", "2026-Q2", "--team", "product", "--id", "B2", "--parent", "A:3"],
        ["kr", "add", "Activation rate to 10", "--objective", "B1", "--metric", "activation", "--baseline", "0", "--target", "10", "--id", "KR-B1"],
        ["kr", "add", "Invites sent to 100", "--objective", "B1", "--metric", "m", "--baseline", "0", "--target", "100", "--id", "KR-M"],
        ["kr", "add", "NPS to 100", "--objective", "C1", "--metric", "nps", "--baseline", "0", "--target", "100", "--id", "KR-C1"],
        ["kr", "add", "Plans made to 10", "--objective", "S", "--metric", "prod", "--baseline", "0", "--target", "10", "--id", "KR-SP"],
        ["kr", "add", "p95 latency budget met 4 weeks", "--objective", "S", "--metric", "eng", "--baseline", "0", "--target", "4",
         "--team", "engineering", "--id", "KR-SE"],
        ["kr", "add", "Two flows redesigned", "--objective", "S", "--metric", "des", "--baseline", "0", "--target", "2",
         "--team", "design", "--id", "KR-SD"],
        ["kr", "add", "Teams planning weekly to 100", "--objective", "B2", "--metric", "p", "--baseline", "0", "--target", "100", "--id", "KR-P"],
        ["observe", "activation", "6", "--at", "2026-02-01"],
        ["observe", "activation", "8", "--at", "2026-03-31"],
        ["observe", "m", "50", "--at", "2026-02-10"],
        ["observe", "nps", "20", "--at", "2026-02-01"],
        ["observe", "nps", "40", "--at", "2026-03-20"],
        ["observe", "nps", "70", "--at", "2026-05-01"],
        ["observe", "prod", "5", "--at", "2026-02-01"],
        ["observe", "eng", "1", "--at", "2026-02-01"],
        ["observe", "des", "2", "--at", "2026-02-01"],
        ["observe", "p", "25", "--at", "2026-05-01"],
        ["kr", "move", "KR-M", "--objective", "S", "--reason", "invites are part of the shared planning work", "--at", "2026-03-01"],
    ]

    /// Every objective of `status --json --as-of` by id, with the cycle it was listed under.
    static func objectives(_ daemon: DaemonProcess, asOf: String, extra: [String] = []) throws -> [String: [String: Any]] {
        let status = try daemon.okrctl(arguments: ["status", "--json", "--as-of", asOf] + extra).json()
        var byID: [String: [String: Any]] = [:]
        for cycle in status["cycles"] as? [[String: Any]] ?? [] {
            for objective in cycle["objectives"] as? [[String: Any]] ?? [] {
                var entry = objective
                entry["_cycle"] = cycle["id"]
                byID[objective["id"] as! String] = entry
            }
        }
        return byID
    }

    static func score(_ objectives: [String: [String: Any]], _ id: String) -> Double? { objectives[id]?["score"] as? Double }

    static func kr(_ objective: [String: Any]?, _ id: String) -> [String: Any]? {
        (objective?["krs"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    @Test func everyFigureOfTheScriptedYearIsTheHandValue() throws {
        let daemon = try DaemonProcess()
        try daemon.run(Self.setup)

        // 15 February, before the move: B1 = (0.6 + 0.5)/2, C1 = 0.2, S = (0.5 + 0.25 + 1)/3;
        // A = (3·0.55 + 1·0.2)/4 (Q2's children have not begun).
        let february = try Self.objectives(daemon, asOf: "2026-02-15")
        #expect(Set(february.values.map { $0["_cycle"] as! String }) == ["2026", "2026-Q1"], "both cycles containing the instant")
        #expect(close(Self.score(february, "B1"), 0.55))
        #expect(close(Self.score(february, "C1"), 0.2))
        #expect(close(Self.score(february, "S"), (0.5 + 0.25 + 1.0) / 3))
        #expect(close(Self.score(february, "A"), (3 * 0.55 + 1 * 0.2) / 4))
        #expect(february["A"]?["progressFrom"] as? String == "children")
        #expect(february["B1"]?["progressFrom"] as? String == "krs")
        let parents = try #require(february["B1"]?["parents"] as? [[String: Any]])
        #expect(parents.count == 1 && parents[0]["id"] as? String == "A" && parents[0]["weight"] as? Double == 3)
        #expect(february["B1"]?["parent"] as? String == "A", "the single-parent field stays")
        #expect(Self.kr(february["S"], "KR-SE")?["team"] as? String == "engineering")
        #expect(Self.kr(february["S"], "KR-SP")?["team"] as? String == "product")

        // 15 March, after the move: B1 = 0.6; S = (0.5 + 0.25 + 1 + 0.5)/4; A = (3·0.6 + 0.2)/4.
        let march = try Self.objectives(daemon, asOf: "2026-03-15")
        #expect(close(Self.score(march, "B1"), 0.6))
        #expect(close(Self.score(march, "S"), 2.25 / 4))
        #expect(close(Self.score(march, "A"), 0.5))

        // The shared objective shows for Engineering and Design as for Product.
        for team in ["engineering", "design", "product"] {
            let shown = try Self.objectives(daemon, asOf: "2026-03-15", extra: ["--team", team, "--cycle", "2026-Q1"])
            #expect(shown["S"] != nil, "\(team) sees the shared objective")
        }
        #expect(try Self.objectives(daemon, asOf: "2026-03-15", extra: ["--team", "design", "--cycle", "2026-Q1"])["B1"] == nil)

        // 1 May, before the carry: B1 = 0.8 and C1 = 0.4 (their values at Q1's end), B2 = 0.25;
        // A = (3·0.8 + 1·0.4 + 3·0.25)/7. KR-P on the straight line: 0.25 of expected 30/91.
        let may = try Self.objectives(daemon, asOf: "2026-05-01")
        #expect(Set(may.values.map { $0["_cycle"] as! String }) == ["2026", "2026-Q2"])
        #expect(close(Self.score(may, "A"), 3.55 / 7))
        let straight = try #require(Self.kr(may["B2"], "KR-P"))
        #expect(close(straight["expected"] as? Double, 30.0 / 91))
        #expect(straight["pace"] as? String == "at-risk")
        #expect(straight["plan"] is NSNull)

        // The plan: 30 by 1 June (day 61 of 91) makes 25 on 1 May (day 30) on track.
        #expect(try daemon.okrctl("kr", "plan", "KR-P", "--checkpoint", "2026-06-01=30").status == 0)
        let planned = try #require(Self.kr(try Self.objectives(daemon, asOf: "2026-05-01")["B2"], "KR-P"))
        #expect(close(planned["expected"] as? Double, 30.0 * 30 / 61 / 100))
        #expect(planned["pace"] as? String == "on-track")
        let plan = try #require(planned["plan"] as? [[String: Any]])
        #expect(plan.count == 1 && plan[0]["day"] as? String == "2026-06-01" && plan[0]["value"] as? Double == 30)

        // The carry: C1's NPS key result starts Q2 from 40, its value at Q1's end.
        let carry = try daemon.okrctl("objective", "carry", "C1", "--to", "2026-Q2", "--id", "C2")
        #expect(carry.status == 0, "\(carry)")
        let ids = carry.stdout.split(separator: "\n").map(String.init)
        #expect(ids.count == 2 && ids[0] == "C2", "the objective's id, then one key result a line: \(ids)")
        let after = try Self.objectives(daemon, asOf: "2026-05-01")
        let c2 = try #require(after["C2"])
        #expect(c2["carriedFrom"] as? String == "C1")
        #expect((c2["parents"] as? [[String: Any]])?.first?["weight"] as? Double == 1, "parents come along")
        let carried = try #require(Self.kr(c2, ids[1]))
        #expect(carried["baseline"] as? Double == 40)
        #expect(close(carried["score"] as? Double, 0.5), "(70 − 40)/(100 − 40)")
        #expect(close(Self.score(after, "A"), 4.05 / 8), "C2 joins A at weight 1")
        let show = try daemon.okrctl("kr", "show", ids[1], "--json").json()
        #expect((show["kr"] as? [String: Any])?["carriedFrom"] as? String == "KR-C1" || show["carriedFrom"] as? String == "KR-C1",
                "kr show names the lineage")

        // The tree shows the annual objective with its quarterly children, and each quarter under it.
        let tree = try daemon.okrctl("tree", "--as-of", "2026-05-01", "--json").json()
        let trees = try #require(tree["cycles"] as? [[String: Any]])
        #expect(trees.map { $0["cycle"] as? String } == ["2026", "2026-Q2"])
        let text = try daemon.okrctl("tree", "--as-of", "2026-05-01")
        #expect(text.stdout.contains("B2") && text.stdout.contains("C2") && text.stdout.contains("2026-Q2"), "\(text.stdout)")
    }

    /// The refusals of the issue, each with its code, and nothing appended by any of them.
    @Test func badAlignmentCarryPlanAndCheckInInputAppendsNothing() throws {
        let daemon = try DaemonProcess()
        try daemon.run(Self.setup + [
            ["cycle", "add", "2025-Q4", "--start", "2025-10-01", "--end", "2025-12-31"],
            ["cycle", "close", "2025-Q4"],
            ["objective", "add", "Abandoned", "--cycle", "2026-Q1", "--team", "product", "--id", "X"],
            ["objective", "drop", "X", "--reason", "no longer a priority"],
        ])
        let seq = try daemon.lastSeq
        let cases: [(method: String, params: String, code: Int, message: String)] = [
            ("objective.add", #"{"title":"T","cycle":"2026-Q1","team":"product","parents":[{"id":"O-404"}]}"#, 1000, "O-404"),
            ("objective.add", #"{"title":"T","cycle":"2026-Q1","team":"product","parents":[{"id":"A","weight":0}]}"#, 1004, "weight"),
            ("objective.add", #"{"title":"T","cycle":"2026-Q1","team":"product","parents":[{"id":"A","weight":1000.5}]}"#, 1004, "weight"),
            ("objective.align", #"{"id":"A","parent":"B1"}"#, 1004, "A → B1 → A"),
            ("objective.update", #"{"id":"A","parents":[{"id":"B2","weight":2}]}"#, 1004, "loop"),
            ("objective.align", #"{"id":"B1","parent":"O-404"}"#, 1000, "O-404"),
            ("objective.carry", #"{"id":"B1","to":"2025-Q4"}"#, 1004, "closed"),
            ("objective.carry", #"{"id":"B1","to":"2027-Q9"}"#, 1000, "2027-Q9"),
            ("objective.carry", #"{"id":"X","to":"2026-Q2"}"#, 1004, "dropped"),
            ("kr.plan", #"{"id":"KR-P","checkpoints":["2026-08-01=50"]}"#, 1004, "outside"),
            ("kr.plan", #"{"id":"KR-P","checkpoints":["2026-04-01=50"]}"#, 1004, "outside"),
            ("kr.plan", #"{"id":"KR-P","checkpoints":["2026-05-01=abc"]}"#, 1004, "not a number"),
            ("checkin", #"{"kr":"KR-P"}"#, 1004, "confidence, a status or a note"),
            ("checkin", #"{"kr":"KR-P","status":"fine"}"#, -32602, "status"),
        ]
        for (index, test) in cases.enumerated() {
            let line = #"{"jsonrpc":"2.0","id":\#(index + 1),"method":"\#(test.method)","params":\#(test.params)}"#
            let answer = try daemon.exchange([line], expecting: 1)[0]
            let response = try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
            let error = try #require(response["error"] as? [String: Any], "\(test.method) \(test.params) was accepted: \(answer)")
            #expect(error["code"] as? Int == test.code, "\(test.method) \(test.params): \(answer)")
            #expect((error["message"] as? String ?? "").contains(test.message), "\(test.method) \(test.params): \(answer)")
        }
        // Through okrctl: exit 3 with the daemon's words, or 1 for what okrctl itself refuses.
        for (arguments, status, message) in [
            (["objective", "add", "T", "--cycle", "2026-Q1", "--team", "product", "--parent", "A:0"], 3, "weight"),
            (["objective", "align", "A", "--parent", "C1"], 3, "loop"),
            (["kr", "plan", "KR-P", "--checkpoint", "2026-05-01=abc"], 3, "not a number"),
            (["checkin", "KR-P"], 1, "--confidence"),
            (["kr", "plan", "KR-P"], 1, "--checkpoint"),
        ] as [([String], Int32, String)] {
            let result = try daemon.okrctl(arguments: arguments)
            #expect(result.status == status && result.stderr.contains(message), "\(arguments): \(result)")
        }
        #expect(try daemon.lastSeq == seq, "refusals appended nothing")
    }

    @Test func checkInsWithAStatusOrANoteAloneAndFromAFileThatCanRunTwice() throws {
        let daemon = try DaemonProcess()
        try daemon.run(Self.setup)
        #expect(try daemon.okrctl("checkin", "KR-B1", "--confidence", "6", "--at", "2026-02-02").status == 0)
        #expect(try daemon.okrctl("checkin", "KR-B1", "--status", "at-risk", "--at", "2026-02-09").status == 0)
        #expect(try daemon.okrctl("checkin", "KR-B1", "--note", "pilot teams slipping", "--at", "2026-02-10").status == 0)
        let kr = try #require(Self.kr(try Self.objectives(daemon, asOf: "2026-02-11")["B1"], "KR-B1"))
        #expect(kr["confidence"] as? Int == 6 && kr["confidenceAt"] as? String == "2026-02-02T00:00:00Z")
        #expect(kr["checkInStatus"] as? String == "at-risk" && kr["checkInAt"] as? String == "2026-02-10T00:00:00Z")

        let csv = """
        kr,confidence,status,note,at,key
        KR-SP,7,on-track,"plans, finally",2026-02-16,
        KR-SE,,off-track,,2026-02-16,
        KR-SD,12,,,2026-02-16,
        KR-404,5,,,2026-02-16,
        KR-SD,9,,"two flows done",2026-02-16,
        """
        let path = daemon.directory.path + "/checkins.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try daemon.okrctl("checkin", "--file", path, "--json")
        #expect(first.status == 3, "two bad rows: \(first)")
        let summary = try first.json()
        #expect(summary["rows"] as? Int == 5 && summary["appended"] as? Int == 3 && summary["duplicates"] as? Int == 0, "\(summary)")
        let rejected = try #require(summary["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["line"] as? Int } == [4, 5])
        #expect((rejected[0]["error"] as? String ?? "").contains("confidence") && (rejected[1]["error"] as? String ?? "").contains("KR-404"))
        let seq = try daemon.lastSeq
        let again = try daemon.okrctl("checkin", "--file", path, "--json").json()
        #expect(again["appended"] as? Int == 0 && again["duplicates"] as? Int == 3, "\(again)")
        #expect(try daemon.lastSeq == seq, "a re-run appends nothing twice")
        let shared = try Self.objectives(daemon, asOf: "2026-02-17")["S"]
        #expect(Self.kr(shared, "KR-SP")?["checkInStatus"] as? String == "on-track")
        #expect(Self.kr(shared, "KR-SE")?["confidence"] is NSNull)
        #expect(Self.kr(shared, "KR-SE")?["checkInStatus"] as? String == "off-track")
        #expect(Self.kr(shared, "KR-SD")?["confidence"] as? Int == 9)
        let log = try daemon.okrctl("log", "--type", "CheckInRecorded", "--json")
        #expect(log.stdout.contains("plans, finally"))
    }
}

/// Equal to within 1e-9.
private func close(_ actual: Double?, _ expected: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= 1e-9
}
