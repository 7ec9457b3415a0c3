import Foundation
import OKRTestSupport
import OKREvents
import OKRWire
import Testing

/// Projection snapshots: a restart loads the one written at shutdown, a crash replays the tail
/// after the last periodic one, and `--discard-snapshot` replays everything; each start answers
/// exactly as before.
@Suite(.serialized) struct SnapshotTests {
    /// What a user would compare across restarts: status late and mid-quarter (mid-day, so the
    /// index is read for part of a day), a KR's history, lint (exit 4: it has findings) and the tree.
    static func answers(_ daemon: DaemonProcess) throws -> [String] {
        try [
            ["status", "--json", "--as-of", "2026-03-20T12:00:00Z", "--known-at", "2030-01-01"],
            ["status", "--json", "--as-of", "2026-02-15T13:30:00Z", "--known-at", "2030-01-01"],
            ["kr", "show", "KR-1", "--json", "--as-of", "2026-03-20T12:00:00Z"],
            ["lint", "--json", "--as-of", "2026-03-20T12:00:00Z"],
            ["tree", "--json", "--as-of", "2026-03-20T12:00:00Z"],
        ].map { arguments in
            let result = try daemon.okrctl(arguments: arguments)
            guard [0, 1, 4].contains(result.status) else { throw DaemonError(message: "\(arguments): \(result)") }
            return result.stdout
        }
    }

    static func same(_ got: [String], _ want: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, (left, right)) in zip(got, want).enumerated() where left != right {
            let a = left.split(separator: "\n"), b = right.split(separator: "\n")
            let first = Array(zip(a, b)).firstIndex { $0.0 != $0.1 } ?? min(a.count, b.count)
            Issue.record("answer \(index) differs at line \(first): \(a.dropFirst(max(0, first - 3)).prefix(6)) vs \(b.dropFirst(max(0, first - 3)).prefix(6))",
                         sourceLocation: sourceLocation)
        }
    }

    @Test func eachStartAnswersAsBeforeWithTheSnapshotWithoutItAndAfterACrash() throws {
        let configuration = TemporaryDirectory("okrd-snapshot-config")
        let configPath = configuration.appending("okrd.toml")
        try "[storage]\nsnapshot_every_events = 1000\n".write(toFile: configPath, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", configPath])
        try Walkthrough.enter(into: daemon)
        let before = try Self.answers(daemon)
        let seq = try daemon.lastSeq

        #expect(daemon.stop() == 0)
        #expect(daemon.stderr.contains("projection snapshot written"), "\(daemon.stderr)")
        try daemon.start()
        #expect(daemon.stderr.contains("snapshot=\(seq)"), "the start used the snapshot: \(daemon.stderr)")
        Self.same(try Self.answers(daemon), before)

        // Past the periodic threshold, then a crash: the start loads the periodic snapshot and
        // replays what came after it.
        let rows = (0..<1_500).map { "onboarding.completion,\(40 + Double($0) / 100),2026-02-1\($0 % 10)T0\($0 % 9):00:\(String(format: "%02d", $0 % 60))Z" }
        let csv = configuration.appending("rows.csv")
        try ("metric,value,at\n" + rows.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try daemon.okrctl("observe", "--file", csv).status == 0)
        #expect(try daemon.okrctl("observe", "onboarding.completion", "47", "--at", "2026-03-01").status == 0)
        let deadline = Date().addingTimeInterval(10)
        while !daemon.stderr.contains("projection snapshot written"), Date() < deadline { usleep(100_000) }
        #expect(daemon.stderr.contains("projection snapshot written"), "a periodic snapshot after 1,000 events")
        let crashed = try Self.answers(daemon)
        #expect(crashed != before)
        daemon.stop(signal: SIGKILL)
        try daemon.start()
        #expect(!daemon.stderr.contains("snapshot=0 "), "\(daemon.stderr)")
        Self.same(try Self.answers(daemon), crashed)

        daemon.stop()
        try daemon.start("--discard-snapshot")
        #expect(daemon.stderr.contains("projection snapshot discarded"), "\(daemon.stderr)")
        Self.same(try Self.answers(daemon), crashed)
        #expect(try daemon.okrctl("verify").status == 0)
    }
}
