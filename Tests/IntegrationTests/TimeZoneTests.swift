import Foundation
import OKRTestSupport
import Testing

/// The organisation's time zone (SPEC §15) through the real daemon: okrd records
/// `[organisation]` as `CalendarSet` at start and on SIGHUP when it changed, cycles run from local
/// midnight to local midnight, and a date on okrctl's command line is a local date.
@Suite(.serialized) struct TimeZoneTests {
    static func daemon(_ organisation: String) throws -> (DaemonProcess, String) {
        let directory = TemporaryDirectory("okrd-zone")
        let config = directory.appending("okrd.toml")
        try "[organisation]\n\(organisation)\n".write(toFile: config, atomically: true, encoding: .utf8)
        return (try DaemonProcess(arguments: ["--config", config], directory: directory), config)
    }

    @Test func californiaDaysFromTheCommandLineToStatus() throws {
        let (daemon, config) = try Self.daemon("time_zone = \"America/Los_Angeles\"")
        defer { daemon.stop() }
        #expect(try daemon.lastSeq == 1, "the calendar recorded before okrd serves")
        let recorded = try daemon.okrctl("log", "--json", "--type", "CalendarSet")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(recorded.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 1 && events[0]["actor"] as? String == "okrd")
        #expect((events[0]["data"] as? [String: Any])?["timeZone"] as? String == "America/Los_Angeles")

        try daemon.run([
            ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
            ["objective", "add", "Grow", "--cycle", "2026-Q1", "--team", "growth", "--id", "O-1"],
            ["kr", "add", "Signups", "--objective", "O-1", "--id", "KR-1", "--metric", "signups", "--baseline", "0", "--target", "100"],
            ["observe", "signups", "90", "--at", "2026-04-01T06:30:00Z"],  // 23:30 on 31 March, local
            ["observe", "signups", "100", "--at", "2026-04-01T07:30:00Z"],  // 00:30 on 1 April, local
            ["checkin", "KR-1", "--confidence", "7", "--at", "2026-03-09"],
        ])
        let status = try daemon.okrctl("status", "--cycle", "2026-Q1", "--as-of", "2026-04-02", "--json").json()
        #expect(status["timeZone"] as? String == "America/Los_Angeles")
        let cycle = try #require((status["cycles"] as? [[String: Any]])?.first)
        #expect(cycle["start"] as? String == "2026-01-01" && cycle["end"] as? String == "2026-03-31", "dates stay local dates")
        #expect(cycle["startsAt"] as? String == "2026-01-01T08:00:00Z" && cycle["endsAt"] as? String == "2026-04-01T07:00:00Z")
        let kr = try #require(((cycle["objectives"] as? [[String: Any]])?.first?["krs"] as? [[String: Any]])?.first)
        #expect(kr["current"] as? Double == 90, "the observation at 23:30 on the last day counts in the cycle")
        // `--at 2026-03-09` is that day's first instant in California: 07:00 UTC, daylight time.
        #expect(kr["checkInAt"] as? String == "2026-03-09T07:00:00Z", "\(kr)")
        // Text shows local days and times: the check-in at local midnight is its date alone.
        let shown = try daemon.okrctl("kr", "show", "KR-1")
        #expect(shown.stdout.contains("2026-03-09") && !shown.stdout.contains("2026-03-09T07:00:00Z"), "\(shown)")
        // `--as-of` a date, too: 1 April at 00:00 local is before the 00:30 observation.
        let april = try daemon.okrctl("status", "--cycle", "2026-Q1", "--as-of", "2026-04-01", "--json").json()
        #expect(april["asOf"] as? String == "2026-04-01T07:00:00Z")

        // The same configuration again appends nothing; a new zone is recorded on SIGHUP.
        let seq = try daemon.lastSeq
        kill(daemon.process!.processIdentifier, SIGHUP)
        usleep(300_000)
        #expect(try daemon.lastSeq == seq)
        try "[organisation]\ntime_zone = \"Asia/Kolkata\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        kill(daemon.process!.processIdentifier, SIGHUP)
        let deadline = Date().addingTimeInterval(5)
        while try daemon.lastSeq == seq, Date() < deadline { usleep(50_000) }
        #expect(try daemon.lastSeq == seq + 1)
        let now = try daemon.okrctl("status", "--cycle", "2026-Q1", "--json").json()
        #expect(now["timeZone"] as? String == "Asia/Kolkata")
        let later = try #require((now["cycles"] as? [[String: Any]])?.first)
        #expect(later["startsAt"] as? String == "2026-01-01T08:00:00Z", "days before the change keep the zone in force then")
    }

    @Test func aFileWrittenForAnotherZoneIsRefusedAndOneForThisZoneApplies() throws {
        let (daemon, _) = try Self.daemon("time_zone = \"Pacific/Chatham\"\nfiscal_year_starts = 7")
        defer { daemon.stop() }
        let seq = try daemon.lastSeq
        let wrong = try daemon.okrctl("apply", "-f", "-", input: "[organisation]\ntime_zone = \"UTC\"\n")
        #expect(wrong.status == 3 && wrong.stderr.contains("organisation.time_zone is 'UTC' in the file; okrd's calendar is in Pacific/Chatham"),
                "\(wrong)")
        #expect(try daemon.lastSeq == seq)
        let right = try daemon.okrctl("apply", "-f", "-", input: "[organisation]\ntime_zone = \"Pacific/Chatham\"\nfiscal_year_starts = 7\n")
        #expect(right.status == 0, "\(right)")
        // The fiscal year comes from the calendar in force: July to June.
        let plan = try daemon.okrctl("cycle", "plan", "2027", "--pattern", "quarters", "--json").json()
        let year = try #require((plan["cycles"] as? [[String: Any]])?.first)
        #expect(year["start"] as? String == "2026-07-01" && year["end"] as? String == "2027-06-30")
    }
}
