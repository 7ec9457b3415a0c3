import Foundation
import OKRTestSupport
import Testing

/// `okrctl log` reads any number of events, a page at a time, in constant memory
/// (issue 19, item 10: it stopped at 10,000).
@Suite(.serialized) struct LogPagingTests {
    /// A daemon holding `count` observations, fed as a CSV file.
    static func daemon(holding count: Int) throws -> DaemonProcess {
        let daemon = try DaemonProcess()
        var csv = "metric,value,at\n"
        for index in 0..<count { csv += "m.\(index % 50),\(index),2026-01-01T00:00:00Z\n" }
        let result = try daemon.okrctl("observe", "--file", "-", input: csv)
        guard result.status == 0 else { throw DaemonError(message: "feeding failed: \(result)") }
        return daemon
    }

    /// okrctl's peak resident memory in KiB for `arguments`, its output thrown away.
    static func peakKiB(_ daemon: DaemonProcess, _ arguments: [String]) throws -> Int {
        let measure = """
        import resource, subprocess, sys
        subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """
        let result = try DaemonProcess.run("/usr/bin/env", ["python3", "-c", measure, DaemonProcess.okrctl] + arguments + ["--socket", daemon.socketPath])
        return try #require(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(result)")
    }

    @Test func anyLimitAndAllAreServedInOrderPageByPage() throws {
        let daemon = try Self.daemon(holding: 25_000)
        let some = try daemon.okrctl("log", "--limit", "24000", "--json")
        #expect(some.status == 0, "\(some.stderr)")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(some.stdout.utf8)) as? [[String: Any]])
        #expect(events.count == 24_000)
        #expect(events.compactMap { ($0["seq"] as? NSNumber)?.intValue } == Array(1...24_000))
        let all = try daemon.okrctl("log", "--all", "--since", "100")
        #expect(all.stdout.split(separator: "\n").count == 24_900)
        let typed = try daemon.okrctl("log", "--all", "--type", "MetricObserved", "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(typed.stdout.utf8)) as? [Any])?.count == 25_000)
        let none = try daemon.okrctl("log", "--all", "--type", "CycleDefined", "--json")
        #expect(none.stdout == "[]\n")
        #expect(try daemon.okrctl("log", "--limit", "0").status == 1)
    }

    @Test func memoryDoesNotGrowWithTheNumberOfEvents() throws {
        let small = try Self.daemon(holding: 12_000)
        let large = try Self.daemon(holding: 72_000)
        let smallPeak = try Self.peakKiB(small, ["log", "--all", "--json"])
        let largePeak = try Self.peakKiB(large, ["log", "--all", "--json"])
        // Six times the events: a whole-answer client would need about 6× the event memory.
        #expect(Double(largePeak) < Double(smallPeak) * 1.25, "okrctl peaked at \(smallPeak) KiB for 12,000 events and \(largePeak) KiB for 72,000")
    }
}
