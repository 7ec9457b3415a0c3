import Foundation
import OKREvents
import OKRTestSupport
import OKRWire
import Testing
@testable import OKRServer

/// SPEC §8 "Limits" for imports: an upload is bounded in bytes, a user's and okrd's uploads in
/// all, an idle upload is dropped by a timer, and a deep structure is refused quickly.
@Suite(.serialized) struct ImportLimitsTests {
    /// One `import.stage` line of about `size` bytes: a cycle whose name fills it.
    static func stageLine(_ number: Int, upload: String?, size: Int) -> String {
        let name = String(repeating: "n", count: size - 300)
        let event = #"{"type":"CycleDefined","at":"2025-01-01T00:00:00Z","key":"t:cycle:\#(number)","data":{"id":"c\#(number)","name":"\#(name)","start":"2025-01-01","end":"2025-03-31"}}"#
        let upload = upload.map { #""upload":"\#($0)","# } ?? ""
        return #"{"jsonrpc":"2.0","id":\#(number),"method":"import.stage","params":{\#(upload)"events":[\#(event)]}}"#
    }

    @Test func anUploadPastTwoHundredFiftySixMebibytesIsRefusedAndDropped() throws {
        let daemon = try DaemonProcess()
        let client = try WireClient(path: daemon.socketPath)
        func stage(_ number: Int, _ upload: String?) throws -> [String: Any] {
            try client.send(Array((Self.stageLine(number, upload: upload, size: 1_000_000) + "\n").utf8))
            return try JSONSerialization.jsonObject(with: Data(try client.readLine())) as! [String: Any]
        }
        let first = try stage(0, nil)
        let upload = try #require((first["result"] as? [String: Any])?["upload"] as? String, "\(first)")
        var number = 1
        var refusal: [String: Any]?
        while number < 300 {
            let answer = try stage(number, upload)
            if let error = answer["error"] as? [String: Any] { refusal = error; break }
            number += 1
        }
        // 268 lines of a million bytes fit in 256 MiB (268,435,456 bytes); the 269th passes it.
        #expect(number == 268, "refused at line \(number + 1)")
        #expect(refusal?["code"] as? Int == 1004)
        #expect((refusal?["message"] as? String)?.contains("256 MiB (import upload limit)") == true, "\(String(describing: refusal))")
        // Everyone else is answered meanwhile, and the upload is gone.
        let started = Date()
        #expect(try daemon.lastSeq == 0)
        #expect(Date().timeIntervalSince(started) < 2)
        let gone = try stage(999, upload)
        #expect(((gone["error"] as? [String: Any])?["message"] as? String)?.contains("no upload") == true, "\(gone)")
    }

    @Test func anIdleUploadIsDroppedByTheTimerWithoutAnotherStage() throws {
        let directory = TemporaryDirectory("okrd-idle-upload")
        let config = directory.appending("okrd.toml")
        try "[import]\nidle_upload_minutes = 0.02\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        let staged = try daemon.exchange([Self.stageLine(1, upload: nil, size: 1_000)], expecting: 1)[0]
        let upload = try #require(((try JSONSerialization.jsonObject(with: Data(staged.utf8)) as? [String: Any])?["result"] as? [String: Any])?["upload"] as? String)
        let deadline = Date().addingTimeInterval(10)
        while !daemon.stderr.contains("idle import uploads dropped"), Date() < deadline { usleep(50_000) }
        #expect(daemon.stderr.contains("idle import uploads dropped"), "the timer dropped it: \(daemon.stderr.suffix(500))")
        let commit = try daemon.exchange([#"{"jsonrpc":"2.0","id":2,"method":"import.commit","params":{"upload":"\#(upload)"}}"#], expecting: 1)[0]
        #expect(commit.contains("no upload") && commit.contains("1 idle minutes") == false, "\(commit)")
        #expect(try daemon.lastSeq == 0)
    }

    @Test func aUsersAndOkrdsUploadsAreBoundedInAll() throws {
        let uploads = ImportUploads(limits: .init(uploadBytes: 100, userBytes: 150, totalBytes: 250), clock: { Instant.now() })
        let ann = Peer(uid: 1001, gid: 1001, pid: 1, user: "ann", role: .writer)
        let ben = Peer(uid: 1002, gid: 1002, pid: 2, user: "ben", role: .writer)
        let carl = Peer(uid: 1003, gid: 1003, pid: 3, user: "carl", role: .writer)
        func refusal(_ bytes: Int, to upload: String? = nil, by peer: Peer) -> String? {
            do {
                _ = try uploads.stage([], bytes: bytes, to: upload, by: peer)
                return nil
            } catch {
                return error.message
            }
        }
        let first = try uploads.stage([], bytes: 60, to: nil, by: ann)
        // Ann's second upload would take her past 150 bytes: refused, naming the limit, and dropped.
        #expect(refusal(100, by: ann)?.contains("import user limit") == true)
        #expect(uploads.heldBytes == 60, "her first upload is kept, the refused one holds nothing")
        #expect(refusal(100, by: ben) == nil)
        #expect(refusal(100, by: carl)?.contains("import total limit") == true, "okrd's 250 bytes would be passed")
        #expect(uploads.heldBytes == 160)
        #expect(refusal(30, to: first.upload, by: ann) == nil, "within every limit")
        #expect(refusal(20, to: first.upload, by: ann)?.contains("import upload limit") == true)
        #expect(uploads.heldBytes == 100, "the upload that would pass its limit is dropped")
    }

    @Test func aTwoThousandDeepExportIsRefusedQuickly() throws {
        let directory = TemporaryDirectory("okr-viva-deep")
        let export = try VivaImportCommandTests.copy(into: directory.appending("export"), editing: "objectives_") { records in
            let template = records[0]
            records = (0..<2_000).map { index in
                var goal = template
                goal["ID"] = 20_000 + index
                goal["Title"] = "Level \(index)"
                goal["Alignment"] = index == 0 ? [] : [["ID": 20_000 + index - 1, "Title": "Level \(index - 1)", "Weight": "1.0%"]]
                goal["Parent IDs"] = index == 0 ? [] : [20_000 + index - 1]
                goal["Children"] = []
                return goal
            }
        }
        // The check-ins and comments of the example name goals no longer there: leave them out.
        for name in try FileManager.default.contentsOfDirectory(atPath: export) where name.hasPrefix("checkins_") || name.hasPrefix("comments_") {
            try "[]".write(toFile: export + "/" + name, atomically: true, encoding: .utf8)
        }
        let daemon = try DaemonProcess()
        let started = Date()
        let result = try daemon.okrctl("import", "viva", export)
        let took = Date().timeIntervalSince(started)
        #expect(result.status == 3 && result.stderr.contains("alignment depth of 32"), "\(result)")
        #expect(took < 5, "refused in \(took) s")
        #expect(try daemon.lastSeq == 0)
    }
}
