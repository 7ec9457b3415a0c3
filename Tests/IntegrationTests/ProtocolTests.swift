import Foundation
import OKRWire
import Testing

/// JSON-RPC 2.0 over the socket, with the specification's own examples of errors.
@Suite(.serialized) struct ProtocolTests {
    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static func errorCode(_ line: String) throws -> Int? {
        (try object(line)["error"] as? [String: Any])?["code"] as? Int
    }

    @Test func theSpecificationsErrorExamplesGetTheirStandardCodes() throws {
        let daemon = try DaemonProcess()
        let responses = try daemon.exchange([
            #"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#,  // invalid JSON
            #"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#,  // invalid request
            "[]",  // empty batch
            "[1,2,3]",  // batch of non-requests
            #"{"jsonrpc": "2.0", "method": "foobar", "id": "1"}"#,  // method not found
            #"{"jsonrpc": "2.0", "method": "observe", "params": {"metric": "m"}, "id": 7}"#,  // invalid params
            #"{"jsonrpc": "2.0", "method": "ping"}"#,  // a notification: no answer
            #"[{"jsonrpc": "2.0", "method": "ping"}, {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}]"#,  // all notifications
            #"{"jsonrpc": "2.0", "method": "ping", "id": 42}"#,
        ], expecting: 7)
        #expect(try Self.errorCode(responses[0]) == -32700)
        #expect(try Self.object(responses[0])["id"] is NSNull)
        #expect(try Self.errorCode(responses[1]) == -32600)
        #expect(try Self.errorCode(responses[2]) == -32600)
        let batch = try #require(try JSONSerialization.jsonObject(with: Data(responses[3].utf8)) as? [[String: Any]])
        #expect(batch.count == 3)
        #expect(batch.allSatisfy { ($0["error"] as? [String: Any])?["code"] as? Int == -32600 })
        #expect(try Self.errorCode(responses[4]) == -32601)
        #expect(try Self.object(responses[4])["id"] as? String == "1")
        #expect(try Self.errorCode(responses[5]) == -32602)
        let message = try #require((try Self.object(responses[5])["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("'value'"), "names the missing field: \(message)")
        // The two notification lines got no answer; the next line is the answer to id 42.
        #expect(try Self.object(responses[6])["id"] as? Int == 42)
        #expect(try Self.object(responses[6])["result"] != nil)
    }

    @Test func aMixedBatchAnswersEveryRequestWithAnIDInOneLine() throws {
        let daemon = try DaemonProcess()
        let responses = try daemon.exchange([
            #"[{"jsonrpc":"2.0","method":"ping","id":1},{"jsonrpc":"2.0","method":"observe","params":{"metric":"m","value":1}},{"jsonrpc":"2.0","method":"nope","id":2},{"foo":"boo"}]"#,
        ], expecting: 1)
        let batch = try #require(try JSONSerialization.jsonObject(with: Data(responses[0].utf8)) as? [[String: Any]])
        #expect(batch.count == 3)
        #expect(batch.contains { $0["id"] as? Int == 1 && $0["result"] != nil })
        #expect(batch.contains { $0["id"] as? Int == 2 && ($0["error"] as? [String: Any])?["code"] as? Int == -32601 })
        #expect(try daemon.lastSeq == 1, "the notification's observation was appended")
    }

    @Test func aLineOverTheLimitGetsAnErrorAndItsConnectionClosedWhileOthersAreServed() throws {
        let daemon = try DaemonProcess()
        let client = try WireClient(path: daemon.socketPath)
        let other = try WireClient(path: daemon.socketPath)
        try client.send(Array(repeating: UInt8(ascii: "x"), count: (1 << 20) + 10) + [10])
        let line = String(decoding: try client.readLine(), as: UTF8.self)
        #expect(try Self.errorCode(line) == 1006)
        #expect(throws: WireClientError.self) { try client.readLine() }
        #expect(try other.call("ping", as: PingResult.self).ok)
        #expect(try WireClient(path: daemon.socketPath).call("ping", as: PingResult.self).ok)
    }

    @Test func concurrentClientsAreAllAnsweredAfterTheirCommit() async throws {
        let daemon = try DaemonProcess()
        let socket = daemon.socketPath
        let seqs = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for client in 0..<16 {
                group.addTask {
                    let connection = try WireClient(path: socket)
                    var seqs: [UInt64] = []
                    for index in 0..<20 {
                        let params = ObserveParams(observations: [Observation(metric: "load.c\(client)", value: Double(index), key: "c\(client)-\(index)")])
                        seqs += try connection.call("observe", params, as: ObserveResult.self).seqs
                    }
                    return seqs
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(seqs.sorted() == Array(1...320))
        let verify = try daemon.okrctl("verify")
        #expect(verify.status == 0, "\(verify)")
    }
}
