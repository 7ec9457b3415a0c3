import Foundation
import OKRTestSupport
import Testing

/// `okrctl observe --file`: a cron job's CSV, good rows kept, bad rows named by line, retries safe.
@Suite(.serialized) struct ObserveFileTests {
    @Test func aHalfBadFileKeepsItsGoodRowsNamesTheBadOnesAndIsSafeToRerun() throws {
        let daemon = try DaemonProcess()
        let csv = """
        metric,value,at,source
        signups,10,2026-01-01,warehouse
        signups,abc,2026-01-02,warehouse
        signups,12,2026-01-03,warehouse
        Bad Metric,1,2026-01-03,warehouse
        signups,13,2026-01-04,warehouse

        """
        let path = daemon.directory.appending("observations.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let first = try daemon.okrctl("observe", "--file", path, "--batch", "2")
        #expect(first.status == 3, "\(first)")
        #expect(first.stderr.contains("observations.csv:3: value 'abc' is not a finite number"), "\(first)")
        #expect(first.stderr.contains("observations.csv:5: metric key 'Bad Metric' is not valid"), "\(first)")
        #expect(first.stderr.contains("2 of 5 rows rejected; 3 appended"), "\(first)")
        #expect(try daemon.lastSeq == 3)

        let again = try daemon.okrctl("observe", "--file", path, "--json")
        #expect(again.status == 3)
        let summary = try again.json()
        #expect(summary["appended"] as? Int == 0)
        #expect(summary["duplicates"] as? Int == 3)
        #expect((summary["rejected"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3, 5])
        #expect(try daemon.lastSeq == 3, "a re-run appends nothing twice")
    }

    @Test func standardInputWithABOMAndCRLFLineEndsIsRead() throws {
        let daemon = try DaemonProcess()
        let csv = "\u{FEFF}metric,value,key\r\nnps,31,k1\r\n\"nps\",\"32\",k2\r\n"
        let result = try daemon.okrctl("observe", "--file", "-", input: csv)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "quiet on success for cron")
        #expect(try daemon.lastSeq == 2)
    }

    @Test func aFileWithoutAHeaderIsRefusedWholeWithNothingSent() throws {
        let daemon = try DaemonProcess()
        let result = try daemon.okrctl("observe", "--file", "-", input: "nps,31\nnps,32\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("header"), "\(result)")
        let unknown = try daemon.okrctl("observe", "--file", "-", input: "metric,value,colour\nnps,1,red\n")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown column 'colour'"), "\(unknown)")
        #expect(try daemon.lastSeq == 0)
    }

    /// CSV with the wrong columns: a bad header refuses the whole file (exit 1, nothing sent); a
    /// row with too many or too few fields is rejected by line and the others are kept (exit 3).
    static let wrongColumns: [(csv: String, status: Int32, message: String, appended: UInt64)] = [
        ("metric,at\nnps,2026-01-01\n", 1, "line 1 must be a header naming at least metric and value", 0),
        ("metric,value,value\nnps,1,2\n", 1, "line 1: column 'value' appears twice", 0),
        ("metric,value,colour\nnps,1,red\n", 1, "line 1: unknown column 'colour'", 0),
        ("metric,\"value\nnps,1\n", 1, "line 1: unterminated quote in the header", 0),
        ("metric,value\nnps,1,extra\nnps,2\n", 3, "-:2: 3 fields where the header has 2", 1),
        ("metric,value,at\nnps,3\nnps,4,2026-01-02\n", 3, "-:2: 2 fields where the header has 3", 1),
        ("metric,value\nnps,\"5\n", 3, "-:2: unterminated quote", 0),
        ("value,metric\n6,nps\n", 0, "", 1),
    ]

    @Test func aCSVWithTheWrongColumnsIsRefusedNamingTheLineAndWhatIsWrong() throws {
        let daemon = try DaemonProcess()
        for (csv, status, message, appended) in Self.wrongColumns {
            let before = try daemon.lastSeq
            let result = try daemon.okrctl("observe", "--file", "-", input: csv)
            #expect(result.status == status, "\(csv.debugDescription): \(result)")
            #expect(message.isEmpty ? result.stderr.isEmpty : result.stderr.contains(message), "\(csv.debugDescription): \(result)")
            #expect(try daemon.lastSeq == before + appended, "\(csv.debugDescription)")
        }
    }

    @Test func aLargeFileStreamsInBatches() throws {
        let daemon = try DaemonProcess()
        var csv = "metric,value,at\n"
        for row in 0..<5000 { csv += "load.m\(row % 25),\(row),2026-01-01T00:00:\(String(format: "%02d", row % 60))Z\n" }
        let path = daemon.directory.appending("big.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try daemon.okrctl("observe", "--file", path, "--json")
        #expect(result.status == 0, "\(result)")
        #expect(try result.json()["rows"] as? Int == 5000)
        let appended = try result.json()["appended"] as? Int ?? 0
        #expect(try daemon.lastSeq == UInt64(appended))
        #expect(appended == 5000)
    }

    @Test func batchesFitTheDaemonsLineLimitAndABadBatchInFlightLosesOnlyItsBadRow() throws {
        let directory = TemporaryDirectory("okrd-lines")
        let config = directory.appending("okrd.toml")
        try "[socket]\nline_limit_bytes = 4096\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        var csv = "metric,value,at,source\n"
        for row in 0..<3000 {
            // Row 1500 (line 1502) names a metric the daemon refuses: its batch is sent again row by row.
            let metric = row == 1500 ? "Bad Metric" : "load.m\(row % 7)"
            csv += "\(metric),\(row),2026-01-01T00:\(String(format: "%02d", row / 60 % 60)):\(String(format: "%02d", row % 60))Z,feed\n"
        }
        let path = directory.appending("rows.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try daemon.okrctl("observe", "--file", path, "--json")
        #expect(result.status == 3, "\(result)")
        let summary = try result.json()
        #expect(summary["appended"] as? Int == 2999)
        #expect((summary["rejected"] as? [[String: Any]])?.map { $0["line"] as? Int } == [1502])
        #expect(!result.stderr.contains("longer than"), "no batch went over the 4 KB line limit: \(result)")
        #expect(try daemon.lastSeq == 2999)
    }

    @Test func rowsImportedByEarlierVersionsAreNotAppendedTwice() throws {
        // Earlier okrctl versions sent a row with a time and no key under the key metric@time=value;
        // okrctl now asks okrd to identify such rows by content, which finds those too.
        let daemon = try DaemonProcess()
        #expect(try daemon.okrctl("observe", "signups", "10", "--at", "2026-01-01", "--key", "signups@2026-01-01T00:00:00Z=10").status == 0)
        #expect(try daemon.okrctl("observe", "nps", "31.5", "--at", "2026-01-02T10:00:00Z", "--key", "nps@2026-01-02T10:00:00Z=31.5").status == 0)
        let path = daemon.directory.appending("old.csv")
        try "metric,value,at\nsignups,10,2026-01-01\nnps, 31.50 ,2026-01-02T12:00:00+02:00\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try daemon.okrctl("observe", "--file", path, "--json")
        #expect(result.status == 0, "\(result)")
        #expect(try result.json()["duplicates"] as? Int == 2)
        #expect(try daemon.lastSeq == 2)
    }
}
