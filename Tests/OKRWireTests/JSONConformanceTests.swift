import Foundation
import Testing
@testable import OKRWire

/// RFC 8259 as nst/JSONTestSuite checks it (Tests/Conformance): every `y_` text is accepted,
/// every `n_` text is a parse error (-32700 with a null id), and no `i_` text crashes the parser.
/// Each text is tried as a whole request line, as a request's `params` and as a batch element.
@Suite struct JSONConformanceTests {
    struct Case: CustomTestStringConvertible {
        var name: String
        var bytes: [UInt8]
        var testDescription: String { name }
        var expectation: Character { name.first! }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Conformance/JSONTestSuite/test_parsing").standardized

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { name in
            Case(name: name, bytes: Array((try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()))
        }
    }()

    /// The forms a text takes on the wire. A line ends at LF, so an LF in the text is sent as CR:
    /// JSON treats the two alike (whitespace between tokens, refused raw inside a string).
    static func forms(of text: [UInt8]) -> [(form: String, line: [UInt8])] {
        let text = text.map { $0 == 0x0A ? 0x0D : $0 }
        // A text of nothing but whitespace (n_single_space) would make `[ ]`, a valid empty batch.
        guard text.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { return [("line", text)] }
        return [
            ("line", text),
            ("params", Array(#"{"jsonrpc":"2.0","id":7,"method":"ping","params":"#.utf8) + text + Array("}".utf8)),
            ("batch", Array("[".utf8) + text + Array("]".utf8)),
        ]
    }

    static func isParseError(_ incoming: RPCIncoming) -> Bool {
        if case .single(.failure(let failure)) = incoming { return failure.error.code == -32700 && failure.id == .null }
        return false
    }

    @Test func theWholeSuiteIsThere() {
        #expect(Self.cases.count == 318)
        #expect(Self.cases.filter { $0.expectation == "y" }.count == 95)
        #expect(Self.cases.filter { $0.expectation == "n" }.count == 188)
    }

    @Test(arguments: cases)
    func eachTextIsAcceptedOrRefusedAsRFC8259Says(_ test: Case) {
        for (form, line) in Self.forms(of: test.bytes) {
            let incoming = RPCIncoming.parse(line)
            switch test.expectation {
            case "y": #expect(!Self.isParseError(incoming), "\(test.name) as \(form) is valid JSON")
            case "n": #expect(Self.isParseError(incoming), "\(test.name) as \(form) is not JSON")
            default: break  // i_: either answer, as long as there is one
            }
        }
    }

    @Test(arguments: ["1", "-1", "0", "1E22", "123.456", "-0", "-0.0", "1.0", "123e65", "1e-400", "12345678901234567890",
                      "-0.000000000000000000000000000000000000000000000000000000000000000000000000001", "2E+3"])
    func everyNumericIDIsAnsweredExactlyAsSent(_ id: String) throws {
        for line in [#"{"jsonrpc":"2.0","method":"ping","id":\#(id)}"#, #"{"method":"ping","params":{"a":[1,{"b":2}]},"id":\#(id),"jsonrpc":"2.0"}"#,
                     #"{"jsonrpc":"2.0","method":"ping","id":\#(id),"extra":{"k\u0041":1}}"#] {
            guard case .single(.success(let request)) = RPCIncoming.parse(Array(line.utf8)) else {
                Issue.record("\(line) was not read as a request")
                continue
            }
            let answer = try CompactJSONEncoder().encode(RPCSuccess(result: "ok", id: try #require(request.id)))
            #expect(String(decoding: answer, as: UTF8.self) == #"{"id":\#(id),"jsonrpc":"2.0","result":"ok"}"#)
            let refusal = try CompactJSONEncoder().encode(RPCErrorResponse(id: try #require(request.id), error: .methodNotFound("x")))
            #expect(String(decoding: refusal, as: UTF8.self).contains(#""id":\#(id),"#))
        }
        guard case .batch(let requests) = RPCIncoming.parse(Array(#"[{"jsonrpc":"2.0","method":"ping","id":\#(id)}, {"jsonrpc":"2.0","method":"ping","id":"s"}]"#.utf8)),
              case .success(let first) = requests[0] else {
            Issue.record("the batch was not read")
            return
        }
        let answer = try CompactJSONEncoder().encode(RPCSuccess(result: 1, id: try #require(first.id)))
        #expect(String(decoding: answer, as: UTF8.self) == #"{"id":\#(id),"jsonrpc":"2.0","result":1}"#)
    }

    @Test(arguments: ["[1,]", "[1,,]", #"{"id":0,}"#, #"{"jsonrpc":"2.0","method":"ping","id":1,}"#,
                      #"[{"jsonrpc":"2.0","method":"ping","id":1},]"#, #"{"jsonrpc":"2.0","method":"ping","params":{"a":1,},"id":1}"#,
                      #"{'jsonrpc':'2.0'}"#, #"{"jsonrpc":"2.0","method":"ping","id":01}"#, #"{"jsonrpc":"2.0","method":"ping"} // c"#])
    func trailingCommasAndOtherLenienciesAreParseErrors(_ line: String) {
        #expect(Self.isParseError(RPCIncoming.parse(Array(line.utf8))), "\(line)")
    }
}
