import Foundation
import OKRTestSupport

/// A real HTTP server on loopback receiving okrd's hook deliveries (`Tests/Hooks/receiver.py`,
/// run by the virtual environment `make deps` makes, whose `standardwebhooks` verifies each
/// signature). Each request it got is one JSON line of its log, read back by ``requests``.
final class HookReceiver {
    static let script = MCPClient.root.appendingPathComponent("Hooks/receiver.py").path

    let directory: TemporaryDirectory
    let process: Process
    let port: Int
    let logPath: String

    /// Whether the virtual environment with `standardwebhooks` is there (`make deps`).
    static var available: Bool { MCPClient.available }

    init(_ mode: String, _ options: [String] = [], directory: TemporaryDirectory = TemporaryDirectory("okr-hook")) throws {
        self.directory = directory
        let portFile = directory.appending("port-\(mode)-\(UUID().uuidString)")
        logPath = directory.appending("requests-\(mode)-\(UUID().uuidString).jsonl")
        process = Process()
        process.executableURL = URL(fileURLWithPath: MCPClient.python)
        process.arguments = [Self.script, "--mode", mode, "--port-file", portFile, "--log", logPath] + options
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        var port: Int?
        while Date() < deadline, port == nil {
            port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(20_000) }
        }
        guard let port else {
            process.terminate()
            throw DaemonError(message: "the \(mode) receiver did not start")
        }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Every request received so far, in the order it came.
    var requests: [[String: Any]] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The requests answered with a 2xx.
    var delivered: [[String: Any]] { requests.filter { ($0["answered"] as? Int).map { (200...299).contains($0) } ?? false } }

    /// Waits until `condition` holds of the requests, for at most `seconds`, off the test
    /// pool's threads (a test blocking one for a minute would starve the tests beside it).
    @discardableResult
    func wait(seconds: Double = 20, until condition: ([[String: Any]]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(requests) { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return condition(requests)
    }

    /// Kills the receiver (SIGKILL: a child of the test process may inherit SIGTERM blocked).
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            DaemonProcess.waitForExit(process)
        }
    }

    deinit { stop() }

    /// A fresh Standard Webhooks secret, written to a file in `directory`; answers both.
    static func secret(in directory: TemporaryDirectory) throws -> (secret: String, file: String) {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        let secret = "whsec_" + Data(bytes).base64EncodedString()
        let file = directory.appending("secret-\(UUID().uuidString)")
        try (secret + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return (secret, file)
    }
}
