import Foundation
import OKRTestSupport
import Testing

/// A quarter's rituals through the real daemon (SPEC §15): a mid-cycle review, check-ins a
/// reviewer acknowledges until the inbox is empty, initiatives shown and never scored, the close
/// with retrospectives and OKR014 for the one missing. The reviewer is a Unix user of their own.
@Suite(.serialized, .enabled(if: canManageUsers, "skipped: needs root with useradd and runuser to create a reviewer"))
struct QuarterRitualsTests {
    static let lead = "okrtlead\(getpid())"

    final class Fixture {
        let daemon: DaemonProcess

        init() throws {
            _ = try DaemonProcess.run("/usr/sbin/useradd", ["-M", "-N", "-s", "/bin/sh", QuarterRitualsTests.lead])
            let directory = TemporaryDirectory("okrd-rituals")
            chmod(directory.path, 0o755)
            let config = directory.appending("okrd.toml")
            try "[socket]\nmode = \"0666\"\n[access]\nwriter_users = [\"\(QuarterRitualsTests.lead)\"]\n"
                .write(toFile: config, atomically: true, encoding: .utf8)
            daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        }

        deinit {
            daemon.stop()
            _ = try? DaemonProcess.run("/usr/sbin/userdel", [QuarterRitualsTests.lead])
        }

        /// okrctl as the reviewer.
        func lead(_ arguments: String...) throws -> CommandResult {
            try DaemonProcess.run("/usr/sbin/runuser", ["-u", QuarterRitualsTests.lead, "--", "/usr/bin/env", "OKR_SOCKET=\(daemon.socketPath)",
                                                        "NO_COLOR=1", SharedBinaries.okrctl] + arguments)
        }
    }

    @Test func aQuarterFromMidReviewToRetrospectives() throws {
        let fixture = try Fixture()
        let daemon = fixture.daemon
        let lead = Self.lead
        let me = try daemon.okrctl("ping", "--json").json()["user"] as? String ?? "root"
        try daemon.run([
            ["person", "set", lead, "--name", "Team lead"],
            ["person", "set", me, "--name", "Product manager"],
            ["cycle", "add", "2026-Q3", "--start", "2026-07-01", "--end", "2026-09-30"],
            ["objective", "add", "Activation", "--cycle", "2026-Q3", "--team", "growth", "--id", "O-1", "--committed", "--owner", me],
            ["objective", "add", "Retention", "--cycle", "2026-Q3", "--team", "growth", "--id", "O-2", "--committed"],
            ["objective", "add", "Delight", "--cycle", "2026-Q3", "--team", "growth", "--id", "O-3", "--aspirational"],
            ["kr", "add", "Signups", "--objective", "O-1", "--id", "KR-1", "--metric", "signups", "--baseline", "0", "--target", "100"],
            ["kr", "add", "Churn", "--objective", "O-2", "--id", "KR-2", "--metric", "churn", "--baseline", "10", "--target", "5"],
            ["kr", "add", "NPS", "--objective", "O-3", "--id", "KR-3", "--metric", "nps", "--baseline", "0", "--target", "50"],
            ["observe", "signups", "40", "--at", "2026-08-01"],
            // Before the reviewer is set: nobody is to read it.
            ["checkin", "KR-1", "--confidence", "6", "--at", "2026-07-10"],
            ["person", "set", me, "--reviewer", lead],
            ["checkin", "KR-1", "--confidence", "7", "--note", "steady", "--at", "2026-07-17"],
            ["checkin", "O-1", "--confidence", "5", "--status", "at-risk", "--note", "onboarding is slow", "--at", "2026-07-24"],
            ["review", "start", "Q3-mid", "--cycle", "2026-Q3", "--kind", "mid", "--at", "2026-08-15"],
        ])
        // The objective's own check-in, beside its key results' mean.
        let status = try daemon.okrctl("status", "--cycle", "2026-Q3", "--json").json()
        let objective = try #require(((status["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first)
        #expect(objective["checkInConfidence"] as? Int == 5 && objective["checkInStatus"] as? String == "at-risk")
        #expect(objective["confidence"] as? Double == 7)

        // The reviewer's inbox: newest first, exit 4 while it is not empty.
        let inbox = try fixture.lead("inbox", "--json")
        #expect(inbox.status == 4, "\(inbox)")
        let items = try #require(try inbox.json()["items"] as? [[String: Any]])
        #expect(items.map { $0["subject"] as? String } == ["O-1", "KR-1"] && items.allSatisfy { $0["author"] as? String == me })
        #expect(Set(items.flatMap { $0.keys }) == ["seq", "kind", "author", "subject", "at", "note"])
        let seqs = items.compactMap { $0["seq"] as? Int }

        // Only the reviewer acknowledges, once, and only a check-in or retrospective.
        let seq = try daemon.lastSeq
        let mine = try daemon.okrctl("ack", String(seqs[0]))
        #expect(mine.status == 3 && mine.stderr.contains("only \(me)'s reviewer may acknowledge") && mine.stderr.hasSuffix("(1004)\n"), "\(mine)")
        let notACheckIn = try fixture.lead("ack", "3")
        #expect(notACheckIn.status == 3 && notACheckIn.stderr.contains("seq 3 is a CycleDefined, not a check-in or a retrospective"), "\(notACheckIn)")
        #expect(try fixture.lead("ack", "999").stderr.contains("seq 999 is not in the log"))
        #expect(try daemon.lastSeq == seq, "nothing appended")
        #expect(try fixture.lead("ack", String(seqs[0]), "--note", "let's pair on onboarding").status == 0)
        let twice = try fixture.lead("ack", String(seqs[0]))
        #expect(twice.status == 3 && twice.stderr.contains("has already acknowledged seq \(seqs[0])") && twice.stderr.hasSuffix("(1004)\n"), "\(twice)")
        #expect(try fixture.lead("ack", String(seqs[1])).status == 0)
        let empty = try fixture.lead("inbox")
        #expect(empty.status == 0 && empty.stdout.contains("nothing to acknowledge"), "\(empty)")

        // Initiatives: listed under their key result, never scored.
        let scoreBefore = try Self.score(of: "KR-1", daemon)
        let added = try daemon.okrctl("initiative", "add", "Onboarding revamp", "--kr", "KR-1", "--owner", me,
                                      "--link", "https://tracker.example.org/EPIC-7", "--at", "2026-07-20", "--json").json()
        #expect(added["id"] as? String == "IN-1")
        try daemon.run([["initiative", "add", "Referral experiment", "--kr", "KR-1", "--at", "2026-07-21"],
                        ["initiative", "done", "IN-1", "--at", "2026-08-20"]])
        #expect(try Self.score(of: "KR-1", daemon) == scoreBefore)
        let shown = try daemon.okrctl("kr", "show", "KR-1")
        #expect(shown.stdout.contains("IN-1") && shown.stdout.contains("done") && shown.stdout.contains("IN-2"), "\(shown)")
        let tree = try daemon.okrctl("tree", "--cycle", "2026-Q3")
        #expect(tree.stdout.contains("▸ IN-1 Onboarding revamp (done, \(me))"), "\(tree)")
        let unknownKR = try daemon.okrctl("initiative", "add", "Ghost work", "--kr", "KR-99")
        #expect(unknownKR.status == 3 && unknownKR.stderr.contains("key result 'KR-99' not found") && unknownKR.stderr.hasSuffix("(1000)\n"))

        // The close: retrospectives, and OKR014 for the committed objective without one.
        try daemon.run([["cycle", "close", "2026-Q3"],
                        ["review", "start", "Q3-close", "--cycle", "2026-Q3", "--kind", "close"],
                        ["retro", "O-1", "--rating", "4", "--outcome", "accomplished", "--learned", "pairing on onboarding paid off",
                         "--next", "carry the referral test", "--review", "Q3-close"],
                        ["retro", "O-3", "--rating", "2", "--outcome", "postponed"]])
        let before = try daemon.lastSeq
        for (arguments, says) in [(["retro", "O-2", "--rating", "7", "--outcome", "missed"], "rating must be a whole number from 1 to 5, not 7"),
                                  (["retro", "O-2", "--rating", "3", "--outcome", "great"], "outcome must be one of accomplished, missed, postponed, dropped"),
                                  (["review", "start", "Q3-x", "--cycle", "2026-Q3", "--kind", "final"], "kind must be one of mid, close")] {
            let refused = try daemon.okrctl(arguments: arguments)
            #expect(refused.status == 3 && refused.stderr.contains(says) && refused.stderr.hasSuffix("(1004)\n"), "\(arguments): \(refused)")
        }
        #expect(try daemon.lastSeq == before, "nothing appended")
        let lint = try daemon.okrctl("lint", "--cycle", "2026-Q3", "--json").json()
        let findings = (lint["findings"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "OKR014" }
        #expect(findings.map { $0["subject"] as? String } == ["O-2"])

        let review = try daemon.okrctl("review", "show", "Q3-close", "--json").json()
        let reviewed = try #require(review["objectives"] as? [[String: Any]])
        #expect(reviewed.map { $0["id"] as? String } == ["O-1", "O-2", "O-3"])
        #expect((reviewed[0]["retro"] as? [String: Any])?["rating"] as? Int == 4 && reviewed[1]["retro"] is NSNull)
        #expect(reviewed[0]["score"] as? Double == 0.4)
        let text = try daemon.okrctl("review", "show", "Q3-close")
        #expect(text.stdout.contains("learned: pairing on onboarding paid off") && text.stdout.contains("no retro"), "\(text)")
        let list = try daemon.okrctl("review", "list", "--json").json()
        #expect((list["reviews"] as? [[String: Any]])?.map { $0["id"] as? String } == ["Q3-mid", "Q3-close"])

        // The retrospectives wait in the reviewer's inbox; the digest tells of them.
        let after = try fixture.lead("inbox", "--json")
        let waiting = (try after.json()["items"] as? [[String: Any]]) ?? []
        #expect(after.status == 4 && waiting.map { $0["kind"] as? String } == ["retro", "retro"], "\(after)")
        let digest = try daemon.okrctl("digest", "--cycle", "2026-Q3", "--since", "2d")
        #expect(digest.stdout.contains("Retrospectives") && digest.stdout.contains("O-1 accomplished, rated 4/5"), "\(digest)")
    }

    static func score(of kr: String, _ daemon: DaemonProcess) throws -> Double? {
        let shown = try daemon.okrctl("kr", "show", kr, "--json").json()
        return (shown["kr"] as? [String: Any])?["score"] as? Double
    }
}
