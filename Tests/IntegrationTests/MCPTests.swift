import Foundation
import Testing

/// `okrctl mcp` (SPEC §13) through the official Python MCP SDK as the client, against the real
/// okrd: the tools and their hints, answers equal to okrctl's `--json` documents, a check-in and
/// an observation drafted by an assistant landing in the log as the user, the resources, and
/// every mistake a tool error naming it. A reader's refusal over ssh is in `SSHTransportTests`.
@Suite(.serialized) struct MCPTests {
    static let quarter: [[String]] = [
        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
        ["objective", "add", "Onboard <b>faster</b>", "--cycle", "2026-Q1", "--team", "growth"],
        ["kr", "add", "Completion", "--objective", "O-1", "--metric", "m", "--baseline", "0", "--target", "100"],
        ["observe", "m", "40", "--at", "2026-02-01"],
    ]

    @Test func anAssistantReadsAndDraftsThroughTheTools() throws {
        try #require(MCPClient.available, "the MCP tests need the Python SDK: `make deps` installs it in .build/test-venv")
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        try daemon.run(Self.quarter)
        // What okrctl prints before the assistant's check-in and observation change the view.
        let cli = try daemon.okrctl("status", "--json", "--cycle", "2026-Q1", "--as-of", "2026-02-15T00:00:00Z", "--known-at", "2030-01-01T00:00:00Z")
        let answer = try MCPClient.run([DaemonProcess.okrctl, "mcp"], calls: [
            ["list": "tools"], ["list": "resources"], ["list": "templates"],
            ["tool": "status", "arguments": ["cycle": "2026-Q1", "as-of": "2026-02-15T00:00:00Z", "known-at": "2030-01-01T00:00:00Z"]],
            ["tool": "checkin", "arguments": ["kr": "KR-1", "confidence": 6, "note": "drafted by an assistant", "status": "at-risk"]],
            ["tool": "observe", "arguments": ["metric": "m", "value": 55, "at": "2026-02-10"]],
            ["tool": "kr_show", "arguments": ["id": "KR-1", "as-of": "2026-02-15"]],
            ["resource": "okr://cycles"], ["resource": "okr://kr/KR-1"], ["resource": "okr://nothing"],
            ["tool": "status", "arguments": ["as-of": "yesterday"]],
            ["tool": "status", "arguments": ["colour": "red"]],
            ["tool": "kr_show", "arguments": ["id": "KR-9"]],
            ["tool": "checkin", "arguments": ["kr": "KR-1"]],
            ["tool": "nosuch"],
            ["tool": "status", "arguments": ["as-of": "2026\u{202E}\u{1B}[31m"]],
            ["tool": "kpi_list", "arguments": ["as-of": "2026-02-15"]],
            ["tool": "metric_lead", "arguments": ["a": "m", "b": "m"]],
        ], environment: ["OKR_SOCKET": daemon.socketPath])
        #expect(["2025-06-18", "2025-11-25"].contains(answer["protocolVersion"] as? String ?? ""), "\(answer)")
        #expect(answer["serverName"] as? String == "okr")
        let results = try #require(answer["results"] as? [Any])
        let tools = try #require(results[0] as? [[String: Any]])
        #expect(tools.map { $0["name"] as? String } == ["status", "tree", "kr_show", "due", "digest", "lint", "kpi_list", "metric_lead", "checkin", "observe"])
        let hints = Dictionary(uniqueKeysWithValues: tools.map { ($0["name"] as! String, $0["readOnlyHint"] as? Bool) })
        #expect(hints["status"] == true && hints["checkin"] == false && hints["observe"] == false, "\(hints)")
        #expect((tools[0]["properties"] as? [String])?.contains("as-of") == true, "arguments named like okrctl's options")
        #expect(results[1] as? [String] == ["okr://cycles"] && results[2] as? [String] == ["okr://kr/{id}"])

        func tool(_ index: Int) -> (isError: Bool, text: String) {
            let result = results[index] as? [String: Any]
            return (result?["isError"] as? Bool ?? true, result?["text"] as? String ?? "")
        }
        let status = tool(3)
        #expect(!status.isError && status.text + "\n" == cli.stdout, "status is `okrctl status --json`: \(status.text.prefix(300))")
        #expect(!tool(4).isError && !tool(5).isError, "\(tool(4)) \(tool(5))")
        let log = try daemon.okrctl("log", "--json", "--type", "CheckInRecorded")
        #expect(log.stdout.contains("drafted by an assistant") && log.stdout.contains("\"actor\" : \"root\""), "as the user: \(log.stdout)")
        #expect(tool(6).text.contains("\"current\" : 55"), "the observation counts: \(tool(6).text.prefix(400))")
        #expect(((results[7] as? [String: Any])?["text"] as? String)?.contains("\"2026-Q1\"") == true, "\(results[7])")
        #expect(((results[8] as? [String: Any])?["text"] as? String)?.contains("drafted by an assistant") == true)
        #expect((results[9] as? [String: Any])?["error"] as? String != nil, "an unknown resource is an error: \(results[9])")
        #expect(tool(10).isError && tool(10).text.contains("as-of must be a date"), "\(tool(10))")
        #expect(tool(11).isError && tool(11).text.contains("colour"), "an unknown argument is named: \(tool(11))")
        #expect(tool(12).isError && tool(12).text.contains("KR-9"), "okrd's own words: \(tool(12))")
        #expect(tool(13).isError && tool(13).text.contains("confidence, status, note"), "\(tool(13))")
        #expect(tool(14).isError && tool(14).text.contains("no tool nosuch"), "\(tool(14))")
        let hostile = tool(15)
        #expect(hostile.isError && !hostile.text.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{1B}" },
                "what the client sent comes back visible, never raw: \(hostile.text.debugDescription)")
        #expect(!tool(16).isError && tool(16).text.contains("\"kpis\" : ["), "\(tool(16))")
        #expect(tool(17).isError && tool(17).text.contains("same metric"), "okrd's refusal of a metric against itself: \(tool(17))")
    }
}
