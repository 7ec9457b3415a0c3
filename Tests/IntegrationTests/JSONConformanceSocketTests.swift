import Foundation
import OKRWire
import Testing

/// nst/JSONTestSuite (Tests/Conformance) sent to the real okrd over its socket, one text a line:
/// every `y_` text gets an answer that is not a parse error, every `n_` text gets -32700 with
/// `id: null`, every `i_` text an answer of some kind, nothing is appended, and okrd goes on
/// answering (a `ping` follows each text).
@Suite struct JSONConformanceSocketTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Conformance/JSONTestSuite/test_parsing").standardized

    @Test func everyTextOfTheSuiteIsAnsweredAsRFC8259Says() throws {
        let daemon = try DaemonProcess()
        let before = try daemon.lastSeq
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count == 318)
        let client = try WireClient(path: daemon.socketPath)
        var checked = 0
        for (number, name) in names.enumerated() {
            // A line ends at LF: an LF in the text goes as CR, which JSON treats alike.
            let text = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name))).map { $0 == 0x0A ? 0x0D : $0 }
            let sentinel = #"{"jsonrpc":"2.0","method":"ping","id":"after-\#(number)"}"#
            try client.send(text + [0x0A] + Array(sentinel.utf8) + [0x0A])
            var answers: [String] = []
            while true {
                let line = String(decoding: try client.readLine(), as: UTF8.self)
                if line.contains(#""id":"after-\#(number)""#) { break }
                answers.append(line)
            }
            let parseError = answers.count == 1 && answers[0].contains(#""code":-32700"#) && answers[0].contains(#""id":null"#)
            switch name.first {
            case "y": #expect(answers.count == 1 && !answers[0].contains("-32700"), "\(name): \(answers)")
            case "n": #expect(parseError, "\(name): \(answers)")
            default: #expect(answers.count == 1, "\(name): \(answers)")
            }
            checked += 1
        }
        #expect(checked == 318)
        #expect(try daemon.lastSeq == before, "nothing appended")
        #expect(try daemon.okrctl("verify").status == 0)
    }
}
