import Foundation
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
}
