import Foundation
import OKRTestSupport
import Testing

/// `okrctl cycle plan` (SPEC §15) through the real daemon, with `[organisation]` from okrd.toml.
@Suite(.serialized) struct CyclePlanTests {
    static func daemon(_ organisation: String) throws -> DaemonProcess {
        let directory = TemporaryDirectory("okrd-plan")
        let config = directory.appending("okrd.toml")
        try "[organisation]\n\(organisation)\n".write(toFile: config, atomically: true, encoding: .utf8)
        return try DaemonProcess(arguments: ["--config", config], directory: directory)
    }

    @Test func anAprilYearIsPlannedOnceAndKeptTheSecondTime() throws {
        let daemon = try Self.daemon("fiscal_year_starts = 4")
        defer { daemon.stop() }
        let plan = try daemon.okrctl("cycle", "plan", "FY2027", "--pattern", "quarters", "--months", "--json").json()
        let cycles = try #require(plan["cycles"] as? [[String: Any]])
        #expect(cycles.count == 17 && cycles.allSatisfy { $0["created"] as? Bool == true })
        #expect(cycles.first.map { "\($0["id"] ?? "") \($0["start"] ?? "") \($0["end"] ?? "")" } == "FY2027 2026-04-01 2027-03-31")
        #expect((plan["seqs"] as? [Int])?.count == 17)
        let listed = try daemon.okrctl("cycle", "list", "--json").json()
        #expect(((listed["cycles"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == "FY2027-Q4" && $0["start"] as? String == "2027-01-01" })
        // Again: everything exists with the same dates; nothing appended, exit 0.
        let seq = try daemon.lastSeq
        let again = try daemon.okrctl("cycle", "plan", "2027", "--pattern", "quarters", "--months")
        #expect(again.status == 0 && again.stdout.contains("exists") && !again.stdout.contains("created"), "\(again)")
        #expect(try daemon.lastSeq == seq)
    }

    @Test func aCycleWithOtherDatesRefusesTheWholePlanNamingIt() throws {
        let daemon = try Self.daemon("fiscal_year_starts = 2\nweek_starts = \"sunday\"")
        defer { daemon.stop() }
        try daemon.run([["cycle", "add", "R2026-Q4", "--start", "2025-11-01", "--end", "2026-01-31"]])
        let seq = try daemon.lastSeq
        let refused = try daemon.okrctl("cycle", "plan", "2026", "--pattern", "4-4-5", "--prefix", "R")
        #expect(refused.status == 3 && refused.stderr.contains("R2026-Q4 exists as 2025-11-01 … 2026-01-31, the plan says 2025-10-26 … 2026-01-31"),
                "\(refused)")
        #expect(refused.stderr.hasSuffix("(1001)\n"))
        #expect(try daemon.lastSeq == seq, "nothing appended")
        for (arguments, says) in [(["cycle", "plan", "2026", "--pattern", "4-4-4"], "pattern '4-4-4' is not one of quarters, 4-4-5, 4-5-4, 5-4-4"),
                                  (["cycle", "plan", "twenty", "--pattern", "quarters"], "fiscal year 'twenty' is not a year"),
                                  (["cycle", "plan", "2026", "--pattern", "quarters", "--prefix", "F Y"], "prefix")] {
            let result = try daemon.okrctl(arguments: arguments)
            #expect(result.status == 3 && result.stderr.contains(says) && result.stderr.hasSuffix("(1004)\n"), "\(arguments): \(result)")
        }
        // The 53-week year, planned where nothing stands in its way.
        let weeks = try daemon.okrctl("cycle", "plan", "2026", "--pattern", "4-4-5", "--prefix", "W", "--json").json()
        let year = try #require((weeks["cycles"] as? [[String: Any]])?.first)
        #expect(year["start"] as? String == "2025-01-26" && year["end"] as? String == "2026-01-31")
        #expect(try daemon.lastSeq == seq + 5)
    }
}
