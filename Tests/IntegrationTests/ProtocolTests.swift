import Foundation
import OKRWire
import Testing
#if canImport(Glibc)
import Glibc
#endif

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

    @Test func pipelinedRequestsTakeEffectAndAreAnsweredInTheOrderSent() throws {
        let daemon = try DaemonProcess()
        #expect(try daemon.okrctl("cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31").status == 0)
        #expect(try daemon.okrctl("objective", "add", "Grow", "--cycle", "2026-Q1", "--team", "growth").status == 0)
        // Sent at once without waiting: observations (handled on the event loop, several in
        // flight), a KR on one of their metrics, a check-in that needs that KR, then status.
        var lines: [String] = []
        for index in 0..<40 {
            lines.append(#"{"jsonrpc":"2.0","id":\#(index),"method":"observe","params":{"metric":"signups","value":\#(index),"at":"2026-01-0\#(index % 9 + 1)"}}"#)
        }
        lines.append(#"{"jsonrpc":"2.0","id":40,"method":"kr.add","params":{"title":"Signups","objective":"O-1","metric":"signups","target":100,"id":"KR-1"}}"#)
        lines.append(#"{"jsonrpc":"2.0","id":41,"method":"checkin","params":{"kr":"KR-1","confidence":7}}"#)
        lines.append(#"{"jsonrpc":"2.0","id":42,"method":"observe","params":{"metric":"signups","value":99,"at":"2026-01-10"}}"#)
        lines.append(#"{"jsonrpc":"2.0","id":43,"method":"status","params":{"asOf":"2026-01-11"}}"#)
        let answers = try daemon.exchange(lines, expecting: lines.count).map(Self.object)
        #expect(answers.map { $0["id"] as? Int } == Array(0..<lines.count).map { $0 }, "answers in request order")
        let seqs = answers.prefix(40).compactMap { (($0["result"] as? [String: Any])?["seqs"] as? [Int])?.first }
        #expect(seqs == Array(3..<43), "observations committed in the order sent")
        #expect(answers[40]["result"] != nil, "\(answers[40])")
        #expect(answers[41]["result"] != nil, "the check-in saw the KR created just before it: \(answers[41])")
        let status = try #require(answers[43]["result"] as? [String: Any])
        let cycle = try #require((status["cycles"] as? [[String: Any]])?.first)
        let objective = try #require((cycle["objectives"] as? [[String: Any]])?.first)
        let kr = try #require((objective["krs"] as? [[String: Any]])?.first)
        #expect(kr["current"] as? Double == 99, "status saw the observation sent just before it: \(kr)")
    }

    @Test func aClientThatStopsSendingStillGetsEveryAnswer() throws {
        let daemon = try DaemonProcess()
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: daemon.socketPath.utf8)
            raw[daemon.socketPath.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(connected == 0)
        var request = ""
        for index in 0..<20 { request += #"{"jsonrpc":"2.0","id":\#(index),"method":"observe","params":{"metric":"m","value":\#(index)}}"# + "\n" }
        request += #"{"jsonrpc":"2.0","id":20,"method":"ping"}"#  // the last line has no newline
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        shutdown(fd, Int32(SHUT_WR))
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        let answers = String(decoding: received, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(answers.count == 21, "every request answered before the daemon closed: \(answers.count)")
        #expect(try answers.map { try Self.object($0)["id"] as? Int } == Array(0...20))
        #expect(try daemon.lastSeq == 20)
    }
}
