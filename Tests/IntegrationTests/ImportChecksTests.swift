import Foundation
import OKRTestSupport
import Testing

/// SPEC §8: the import checks every event exactly as the command that makes it would (one set
/// of checks for both): what a command refuses, an import refuses, naming the event's key; and
/// what a command stores normalised, an import stores the same way.
@Suite struct ImportChecksTests {
    /// Stages `events` and commits them over the real socket; the answer of the commit.
    static func importing(_ events: [String], into daemon: DaemonProcess) throws -> [String: Any] {
        let staged = try daemon.exchange([#"{"jsonrpc":"2.0","id":1,"method":"import.stage","params":{"events":[\#(events.joined(separator: ","))]}}"#],
                                         expecting: 1)[0]
        let upload = try #require(((try JSONSerialization.jsonObject(with: Data(staged.utf8)) as? [String: Any])?["result"] as? [String: Any])?["upload"] as? String,
                                  "\(staged)")
        let answer = try daemon.exchange([#"{"jsonrpc":"2.0","id":2,"method":"import.commit","params":{"upload":"\#(upload)"}}"#], expecting: 1)[0]
        return try #require(try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any])
    }

    static func event(_ type: String, _ key: String, _ data: String, at: String = "2025-05-02T00:00:00Z") -> String {
        #"{"type":"\#(type)","at":"\#(at)","key":"\#(key)","data":\#(data)}"#
    }

    @Test func whatTheCommandsRefuseTheImportRefuses() throws {
        let daemon = try DaemonProcess()
        try daemon.run([["cycle", "add", "2025-Q1", "--start", "2025-01-01", "--end", "2025-03-31"],
                        ["cycle", "add", "2025-Q2", "--start", "2025-04-01", "--end", "2025-06-30"],
                        ["cycle", "close", "2025-Q1"],
                        ["objective", "add", "Gone", "--cycle", "2025-Q2", "--team", "growth", "--id", "O1"],
                        ["objective", "drop", "O1", "--reason", "replaced"]])
        let before = try daemon.lastSeq
        // The commands refuse these…
        #expect(try daemon.okrctl("objective", "add", "Late", "--cycle", "2025-Q1", "--team", "growth").stderr.contains("is closed"))
        #expect(try daemon.okrctl("kr", "add", "Under", "--objective", "O1", "--metric", "m", "--target", "1").stderr.contains("dropped"))
        #expect(try daemon.okrctl("person", "set", "ann", "--name", String(repeating: "n", count: 256)).stderr.contains("limit is 128"))
        // …and so does the import, each naming its event's key and the rule.
        let hostile = ["x\\u001b[31m", "x\\u0007", "x\\r", "x\\n", "x\\u202e", String(repeating: "x", count: 200)]
        var cases: [(events: [String], key: String, message: String)] = [
            ([Self.event("ObjectiveCreated", "t:closed", #"{"id":"t-1","cycle":"2025-Q1","team":"growth","title":"Late","kind":"committed","parents":[]}"#)],
             "t:closed", "cycle '2025-Q1' is closed"),
            ([Self.event("KeyResultCreated", "t:dropped", #"{"id":"t-2","objective":"O1","title":"Under","metric":"m","kind":"progress","baseline":0,"target":1,"level":"outcome","indicator":"leading","weight":1}"#)],
             "t:dropped", "objective 'O1' is dropped"),
            ([Self.event("PersonRecorded", "t:person", #"{"id":"ann","name":"\#(String(repeating: "n", count: 256))","teams":[]}"#)],
             "t:person", "the limit is 128"),
        ]
        for value in hostile {
            cases.append(([Self.event("ObjectiveCreated", "t:carried", #"{"id":"t-3","cycle":"2025-Q2","team":"growth","title":"Carried","kind":"committed","parents":[],"carriedFrom":"\#(value)"}"#)],
                          "t:carried", "carriedFrom"))
        }
        for (events, key, message) in cases {
            let answer = try Self.importing(events, into: daemon)
            let error = answer["error"] as? [String: Any]
            #expect(error?["code"] as? Int == 1004, "\(answer)")
            let text = error?["message"] as? String ?? ""
            #expect(text.hasPrefix(key) && text.contains(message), "\(text)")
        }
        #expect(try daemon.lastSeq == before, "nothing appended")
    }

    @Test func aNoteIsStoredAsTheCommandStoresIt() throws {
        let daemon = try DaemonProcess()
        try daemon.run([["cycle", "add", "2025-Q2", "--start", "2025-04-01", "--end", "2025-06-30"],
                        ["objective", "add", "O", "--cycle", "2025-Q2", "--team", "growth", "--id", "O1"],
                        ["kr", "add", "K", "--objective", "O1", "--metric", "m", "--target", "1", "--id", "K1"]])
        let answer = try Self.importing([Self.event("CheckInRecorded", "t:checkin", #"{"kr":"K1","confidence":5,"note":"one\r\ntwo"}"#)], into: daemon)
        #expect((answer["result"] as? [String: Any])?["applied"] as? Bool == true, "\(answer)")
        let show = try daemon.okrctl("kr", "show", "K1", "--json").json()
        let notes = (show["checkIns"] as? [[String: Any]] ?? []).compactMap { $0["note"] as? String }
        #expect(notes == ["one\ntwo"], "CR LF stored as LF, as checkin stores it: \(notes)")
    }
}
