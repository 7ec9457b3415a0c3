import Foundation
import OKRWire
import Testing

/// Issue 7, test 3, the protocol half (RejectionTests is the command-line half): bad requests
/// sent as raw lines on the socket. Each gets its error code and a message naming what was
/// wrong, and appends nothing; a batch with one bad item appends none of its items.
@Suite(.serialized) struct ProtocolRejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var method: String
        /// The params, as JSON text (sent as is: it may be anything).
        var params: String
        var code: Int
        var message: String
        var testDescription: String { label }
    }

    static let tenKB = String(repeating: "x", count: 10_240)

    static let cases: [Case] = [
        Case(label: "value NaN", method: "observe", params: #"{"metric":"m","value":NaN}"#, code: -32700, message: "not valid JSON"),
        Case(label: "value Infinity", method: "observe", params: #"{"metric":"m","value":Infinity}"#, code: -32700, message: "not valid JSON"),
        Case(label: "value 1e400", method: "observe", params: #"{"metric":"m","value":1e400}"#, code: 1004, message: "field 'value': the number 1e400 is out of range"),
        Case(label: "value as a string", method: "observe", params: #"{"metric":"m","value":"12"}"#, code: -32602, message: "value"),
        Case(label: "value missing", method: "observe", params: #"{"metric":"m"}"#, code: -32602, message: "'value'"),
        Case(label: "empty metric", method: "observe", params: #"{"metric":"","value":1}"#, code: 1004, message: "metric key '' is not valid"),
        Case(label: "10 kB metric", method: "observe", params: #"{"metric":""# + tenKB + #"","value":1}"#, code: 1004, message: "is not valid"),
        Case(label: "metric with NUL", method: "observe", params: #"{"metric":"m\u0000n","value":1}"#, code: 1004, message: "is not valid"),
        Case(label: "future time", method: "observe", params: #"{"metric":"m","value":1,"at":"2999-01-01T00:00:00Z"}"#, code: 1004, message: "is in the future"),
        Case(label: "pre-epoch time", method: "observe", params: #"{"metric":"m","value":1,"at":"1960-01-01T00:00:00Z"}"#, code: 1004, message: "before 1970"),
        Case(label: "time not RFC 3339", method: "observe", params: #"{"metric":"m","value":1,"at":"yesterday"}"#, code: -32602, message: "at"),
        Case(label: "10 kB key", method: "observe", params: #"{"metric":"m","value":1,"key":""# + tenKB + #""}"#, code: 1004, message: "key"),
        Case(label: "empty batch", method: "observe", params: #"{"observations":[]}"#, code: 1004, message: "observations"),
        Case(label: "batch with one bad item", method: "observe",
             params: #"{"observations":[{"metric":"m","value":1},{"metric":"BAD","value":2},{"metric":"m","value":3}]}"#,
             code: 1004, message: "observation 2"),
        Case(label: "reused key, other content", method: "observe", params: #"{"metric":"m","value":2,"key":"seen"}"#,
             code: 1001, message: "idempotency key 'seen' was already used"),
        Case(label: "one key twice in a request, other content", method: "observe",
             params: #"{"observations":[{"metric":"m","value":1,"key":"twice"},{"metric":"m","value":2,"key":"twice"}]}"#,
             code: 1001, message: "used twice in one request"),
        Case(label: "checkin unknown KR", method: "checkin", params: #"{"kr":"KR-9","confidence":5}"#, code: 1000, message: "key result 'KR-9' not found"),
        Case(label: "retro rated 6", method: "retro", params: #"{"objective":"O-1","rating":6,"outcome":"missed"}"#, code: 1004, message: "rating must be a whole number from 1 to 5, not 6"),
        Case(label: "ack of a cycle's definition", method: "ack", params: #"{"seq":1}"#, code: 1004, message: "not a check-in or a retrospective"),
        Case(label: "checkin confidence 11", method: "checkin", params: #"{"kr":"KR-1","confidence":11}"#, code: 1004, message: "from 0 to 10, not 11"),
        Case(label: "checkin confidence 5.5", method: "checkin", params: #"{"kr":"KR-1","confidence":5.5}"#, code: -32602, message: "field 'confidence': must be a whole number from 0 to 10, not 5.5"),
        Case(label: "checkin 10 kB note", method: "checkin", params: #"{"kr":"KR-1","confidence":5,"note":""# + tenKB + #""}"#, code: 1004, message: "note"),
        Case(label: "checkin reused key, other content", method: "checkin", params: #"{"kr":"KR-1","confidence":2,"key":"week-1"}"#,
             code: 1001, message: "idempotency key 'week-1' was already used"),
        Case(label: "kr.add empty title", method: "kr.add", params: #"{"title":"","objective":"O-1","metric":"m","target":5}"#, code: 1004, message: "title must not be empty"),
        Case(label: "kr.add 10 kB title", method: "kr.add", params: #"{"title":""# + tenKB + #"","objective":"O-1","metric":"m","target":5}"#, code: 1004, message: "the limit is 256"),
        Case(label: "kr.add id of an objective", method: "kr.add", params: #"{"title":"t","objective":"O-1","metric":"m","target":5,"id":"O-1"}"#, code: 1001, message: "objective 'O-1' already exists"),
        Case(label: "kr.add under a KR's id", method: "kr.add", params: #"{"title":"t","objective":"KR-1","metric":"m","target":5}"#, code: 1004, message: "'KR-1' is a key result; a key result belongs to an objective"),
        Case(label: "kr.add target 1e400", method: "kr.add", params: #"{"title":"t","objective":"O-1","metric":"m","target":1e400}"#, code: 1004, message: "field 'target': the number 1e400 is out of range"),
        Case(label: "kr.add bad id", method: "kr.add", params: #"{"title":"t","objective":"O-1","metric":"m","target":5,"id":"KR 2"}"#, code: 1004, message: "not a valid id"),
        Case(label: "cycle.add 30 February", method: "cycle.add", params: #"{"id":"Q9","start":"2026-02-30","end":"2026-03-31"}"#, code: -32602, message: "start"),
        Case(label: "cycle.add end before start", method: "cycle.add", params: #"{"id":"Q9","start":"2026-03-01","end":"2026-02-01"}"#, code: 1004, message: "is before start"),
        Case(label: "insight on an unknown id", method: "insight.add", params: #"{"text":"t","subject":"X-9","expires":"2030-01-01T00:00:00Z"}"#, code: 1000, message: "'X-9' not found"),
        Case(label: "objective.drop of a KR", method: "objective.drop", params: #"{"id":"KR-1","reason":"x"}"#, code: 1004, message: "is a key result, not an objective"),
        Case(label: "params an array", method: "observe", params: #"[1]"#, code: -32602, message: "params"),
        Case(label: "unknown method", method: "frobnicate", params: #"{}"#, code: -32601, message: "frobnicate"),
        Case(label: "deep nesting", method: "observe", params: String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), code: -32700, message: "nested more than 256 levels deep"),
    ]

    @Test(arguments: cases)
    func aBadRequestGetsItsErrorAndAppendsNothing(_ rejection: Case) throws {
        let daemon = try Self.shared.get()
        let before = try daemon.lastSeq
        let line = #"{"jsonrpc":"2.0","id":1,"method":""# + rejection.method + #"","params":"# + rejection.params + "}"
        let answer = try daemon.exchange([line], expecting: 1)[0]
        let error = try #require(try ProtocolTests.object(answer)["error"] as? [String: Any], "\(answer.prefix(300))")
        #expect(error["code"] as? Int == rejection.code, "\(answer.prefix(300))")
        let message = error["message"] as? String ?? ""
        #expect(message.contains(rejection.message), "\(message.prefix(300))")
        #expect(try daemon.lastSeq == before, "nothing appended")
        #expect(try daemon.okrctl("ping").status == 0, "okrd still answers")
    }

    /// Found by the fuzzer: an id no Double can hold was echoed back as it came, in an answer
    /// that Foundation (and so many clients) cannot read.
    @Test func anIDOutOfAnyDoublesRangeGetsAnAnswerAnyJSONReaderReads() throws {
        let daemon = try Self.shared.get()
        for line in [#"{"jsonrpc":"2.0","method":"kr.show","id":11e400,"par/ams":{"id":"KR-1"}}"#,
                     #"{"jsonrpc":"2.0","method":"ping","id":-1e999}"#] {
            let answer = try daemon.exchange([line], expecting: 1)[0]
            let object = try ProtocolTests.object(answer)
            #expect(object["id"] is NSNull, "\(answer)")
            #expect((object["error"] as? [String: Any])?["code"] as? Int == -32700, "\(answer)")
        }
        #expect(try daemon.okrctl("ping").status == 0)
    }

    @Test func invalidUTF8IsAParseErrorAndAppendsNothing() throws {
        let daemon = try Self.shared.get()
        let before = try daemon.lastSeq
        let client = try WireClient(path: daemon.socketPath)
        try client.send(Array(#"{"jsonrpc":"2.0","id":1,"method":"observe","params":{"metric":"m"#.utf8) + [0xFF, 0xFE]
                        + Array(#"","value":1}}"#.utf8) + [10])
        let answer = String(decoding: try client.readLine(), as: UTF8.self)
        #expect(try ProtocolTests.errorCode(answer) == -32700, "\(answer)")
        #expect(try daemon.lastSeq == before)
    }

    /// Foundation's JSON parser traps describing an error when a line ends on its 513th opening
    /// bracket: one such line killed okrd (found by the socket fuzzer's long form).
    @Test(arguments: [
        String(repeating: "[", count: 513),
        String(repeating: "[", count: 512),
        String(repeating: "[", count: 257),
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        String(repeating: #"{"a":"#, count: 513),
        #"{"jsonrpc":"2.0","method":"ping","id":1,"x":"# + String(repeating: "[", count: 513),
    ])
    func nestingDeeperThanFoundationCanDescribeIsRefusedAndOkrdLives(line: String) throws {
        let daemon = try Self.shared.get()
        let client = try WireClient(path: daemon.socketPath)
        try client.send(Array(line.utf8) + [10])
        let answer = String(decoding: try client.readLine(), as: UTF8.self)
        #expect(try ProtocolTests.errorCode(answer) == -32700, "\(answer)")
        #expect(answer.contains("nested more than 256 levels deep"), "\(answer)")
        #expect(try daemon.okrctl("ping").status == 0, "okrd is still there")
    }

    /// One daemon with a cycle, an objective, a KR, a keyed observation and a keyed check-in.
    static let shared = SharedDaemon([
        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
        ["objective", "add", "Delight new customers", "--cycle", "2026-Q1", "--team", "growth"],
        ["kr", "add", "Onboarding to 85%", "--objective", "O-1", "--metric", "onboarding", "--baseline", "60", "--target", "85"],
        ["observe", "m", "1", "--key", "seen"],
        ["checkin", "KR-1", "--confidence", "6", "--key", "week-1"],
    ])
}
