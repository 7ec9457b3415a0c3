import Foundation

/// `okrctl dashboard --listen 127.0.0.1:0` against a daemon, running until stopped: the real
/// launcher and the real `okr-dashboard` it runs. Its first line gives the port.
final class DashboardProcess {
    let process = Process()
    let port: Int
    let url: String

    init(socket: String, arguments: [String] = [], environment extra: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: DaemonProcess.okrctl)
        process.arguments = ["dashboard", "--listen", "127.0.0.1:0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OKR_SOCKET"] = socket
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line, read byte by byte: it must arrive flushed, before anything else.
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        while line.last != 10 {
            let byte = handle.readData(ofLength: 1)
            guard let first = byte.first else { throw DaemonError(message: "okrctl dashboard ended before its first line") }
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard text.hasPrefix("okr dashboard: http://127.0.0.1:"), let colon = text.lastIndex(of: ":"),
              let port = Int(text[text.index(after: colon)...].trimmingCharacters(in: ["/"])) else {
            throw DaemonError(message: "unexpected first line: \(text)")
        }
        self.port = port
        url = String(text.dropFirst("okr dashboard: ".count))
    }

    func get(_ path: String, method: String = "GET", host: String? = nil) throws -> RawHTTP.Answer {
        try RawHTTP.request(port: port, method: method, path: path, host: host)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            DaemonProcess.waitForExit(process)
        }
    }

    deinit { stop() }
}
