import Foundation
import OKRTestSupport
import Testing

/// Issue 7, test 5: a byte flipped inside a stored event. `verify` names its seq; okrd refuses to
/// serve the log (found at start-up or by the background check) and says how to restore; with
/// `--allow-corrupt` it serves, read-only, the events before the damage.
@Suite(.serialized) struct CorruptionTests {
    /// A stopped daemon whose log has one damaged record, between `m = 20` before it and `m = 30`
    /// after it: the observation `m = 25` (source `MARKER-FLIP-ME`), or with `checkIn` a check-in
    /// (note `MARKER-FLIP-ME`). Returns its seq.
    static func damagedLog(checkIn: Bool = false) throws -> (daemon: DaemonProcess, seq: UInt64) {
        let daemon = try DaemonProcess()
        try daemon.run([["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
                        ["objective", "add", "Onboard faster", "--cycle", "2026-Q1", "--team", "growth"],
                        ["kr", "add", "Completion", "--objective", "O-1", "--metric", "m", "--baseline", "0", "--target", "100"],
                        ["observe", "m", "10", "--at", "2026-01-10"],
                        ["observe", "m", "20", "--at", "2026-01-20"]])
        let seq: Int
        if checkIn {
            let marked = try daemon.okrctl("checkin", "KR-1", "--confidence", "5", "--note", "MARKER-FLIP-ME", "--json")
            seq = try #require(try marked.json()["seq"] as? Int)
        } else {
            let marked = try daemon.okrctl("observe", "m", "25", "--at", "2026-01-25", "--source", "MARKER-FLIP-ME", "--json")
            seq = try #require((try marked.json()["seqs"] as? [Int])?.first)
        }
        try #require(try daemon.okrctl("observe", "m", "30", "--at", "2026-02-01").status == 0)
        #expect(daemon.stop() == 0)  // writes the snapshot, which covers the damaged record

        let file = URL(fileURLWithPath: daemon.dataPath + "/data.mdb")
        var data = try Data(contentsOf: file)
        // Copy-on-write leaves older copies of the record's page in free pages: flip them all.
        let ranges = data.ranges(of: Data("MARKER-FLIP-ME".utf8))
        try #require(!ranges.isEmpty)
        for range in ranges { data[range.lowerBound + 3] ^= 0x20 }
        try data.write(to: file)
        return (daemon, UInt64(seq))
    }

    @Test func damageUnderTheSnapshotIsFoundAfterStartAndThenNothingIsServed() throws {
        let (daemon, seq) = try Self.damagedLog()
        try daemon.start()
        // The background check reads the whole log once; until it is done the log is served.
        var status = try daemon.okrctl("status")
        let deadline = Date().addingTimeInterval(10)
        while status.status == 0, Date() < deadline {
            usleep(50_000)
            status = try daemon.okrctl("status")
        }
        #expect(status.status == 3, "\(status)")
        #expect(status.stderr.contains("the event log is damaged at seq \(seq): checksum mismatch"), "\(status)")
        #expect(status.stderr.contains("Restore the latest backup"))
        #expect(daemon.stderr.contains("damaged at seq \(seq)"))

        let observe = try daemon.okrctl("observe", "m", "40")
        #expect(observe.status == 3, "\(observe)")
        #expect(try daemon.okrctl("ping").status == 0)
        #expect(try daemon.lastSeq == seq + 1, "nothing appended")
        let verify = try daemon.okrctl("verify")
        #expect(verify.status == 3, "\(verify)")
        #expect(verify.stdout.contains("\(seq)") || verify.stderr.contains("\(seq)"), "\(verify)")
    }

    @Test func damageInTheReplayedTailStopsStartUpWithAdvice() throws {
        // A full replay decodes (and checksums) every record but observations, which it takes
        // from the indexes; a damaged observation is left to the background check (above).
        let (daemon, seq) = try Self.damagedLog(checkIn: true)
        let refused = #expect(throws: DaemonError.self) { try daemon.start("--discard-snapshot") }
        let message = refused?.message ?? ""
        #expect(message.contains("okrd exited with 74"), "\(message)")
        #expect(message.contains("event \(seq) is corrupt"), "\(message)")
        #expect(message.contains("--allow-corrupt"), "\(message)")
    }

    @Test func allowCorruptServesTheEventsBeforeTheDamageReadOnly() throws {
        let (daemon, seq) = try Self.damagedLog()
        try daemon.start("--allow-corrupt")
        #expect(daemon.stderr.contains("serving the \(seq - 1) events before it, read-only"))
        let status = try daemon.okrctl("status", "--json", "--as-of", "2026-03-01")
        try #require(status.status == 0, "\(status)")
        let report = try status.json()
        let objective = ((report["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first
        let kr = (objective?["krs"] as? [[String: Any]])?.first
        #expect(kr?["current"] as? Double == 20, "the last value before the damage: \(String(describing: kr))")

        let observe = try daemon.okrctl("observe", "m", "40")
        #expect(observe.status == 3)
        #expect(observe.stderr.contains("read-only"), "\(observe)")
        #expect(try daemon.lastSeq == seq + 1, "nothing appended")
    }
}
