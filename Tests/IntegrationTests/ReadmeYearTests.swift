import Foundation
import Testing

/// The README's "A year beside its quarters" commands, after the walk-through, through the real
/// daemon: each succeeds and says what the README says it does.
@Suite struct ReadmeYearTests {
    @Test func theYearSectionOfTheReadmeIsTrue() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let path = daemon.directory.appending("checkins.csv")
        try "kr,confidence,status,note,at,key\nKR-1,8,on-track,,2026-02-20,\n".write(toFile: path, atomically: true, encoding: .utf8)
        try daemon.run([
            ["cycle", "add", "2026", "--start", "2026-01-01", "--end", "2026-12-31"],
            ["objective", "add", "Become the tool new teams adopt without help", "--cycle", "2026", "--team", "product",
             "--id", "A", "--progress", "children"],
            ["objective", "update", "O-1", "--parent", "A:3", "--at", "2026-01-01"],
            ["objective", "add", "Planning feels instant", "--cycle", "2026-Q1", "--team", "product", "--id", "S", "--parent", "A:1"],
            ["kr", "add", "p95 board load to 400 ms", "--objective", "S", "--metric", "board.load.p95_ms",
             "--baseline", "1800", "--target", "400", "--team", "engineering"],
            ["objective", "align", "S", "--parent", "A:2", "--at", "2026-01-01"],
            ["kr", "plan", "KR-1", "--checkpoint", "2026-02-15=64", "--checkpoint", "2026-03-15=78"],
            ["checkin", "KR-2", "--status", "at-risk", "--note", "vendor slipped"],
            ["checkin", "--file", path],
        ])
        let status = try daemon.okrctl("status", "--as-of", "2026-02-15", "--json").json()
        let cycles = try #require(status["cycles"] as? [[String: Any]])
        #expect(cycles.map { $0["id"] as? String } == ["2026", "2026-Q1"])
        let objectives = cycles[1]["objectives"] as? [[String: Any]] ?? []
        func score(_ id: String, in list: [[String: Any]]) -> Double? { list.first { $0["id"] as? String == id }?["score"] as? Double }
        let expected = (3 * (score("O-1", in: objectives) ?? .nan) + 2 * (score("S", in: objectives) ?? .nan)) / 5
        let annual = try #require(score("A", in: cycles[0]["objectives"] as? [[String: Any]] ?? []))
        #expect(abs(annual - expected) < 1e-9, "A = (3·s(O-1) + 2·s(S)) / 5")
        #expect(try daemon.okrctl("tree").status == 0)

        try daemon.run([
            ["kr", "move", "KR-2", "--objective", "S", "--reason", "part of the shared work", "--at", "2026-03-01"],
            ["cycle", "add", "2026-Q2", "--start", "2026-04-01", "--end", "2026-06-30"],
        ])
        let carry = try daemon.okrctl("objective", "carry", "O-1", "--to", "2026-Q2")
        #expect(carry.status == 0 && carry.stdout.hasPrefix("O-2\n"), "\(carry)")
        let may = try daemon.okrctl("status", "--as-of", "2026-05-01", "--json").json()
        let shown = (may["cycles"] as? [[String: Any]] ?? []).map { $0["id"] as? String }
        #expect(shown == ["2026", "2026-Q2"])
    }
}
