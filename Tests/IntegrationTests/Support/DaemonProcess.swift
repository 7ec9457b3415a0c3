import Foundation
import OKRTestSupport
import OKRWire

/// The real `okrd` binary running on a temporary data directory and socket, driven through the
/// socket and through the real `okrctl` binary.
final class DaemonProcess {
    let directory: TemporaryDirectory
    let socketPath: String
    let dataPath: String
    private(set) var process: Process?
    private let extraArguments: [String]
    private let environment: [String: String]
    /// Whether okrd is told `--data` and `--socket`, or left to find its defaults from the environment.
    private let explicitPaths: Bool
    let stderrPath: String

    /// The folder holding the built products (next to the test bundle).
    static let productsDirectory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("okrd").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    static var okrd: String { productsDirectory + "/okrd" }
    static var okrctl: String { productsDirectory + "/okrctl" }

    init(arguments: [String] = [], environment: [String: String] = [:], directory: TemporaryDirectory = TemporaryDirectory("okrd-test"),
         explicitPaths: Bool = true) throws {
        self.directory = directory
        self.explicitPaths = explicitPaths
        socketPath = explicitPaths ? directory.appending("okrd.sock") : directory.appending("runtime/okrd.sock")
        dataPath = explicitPaths ? directory.appending("data") : directory.appending("state/okrd")
        stderrPath = directory.appending("okrd.stderr")
        extraArguments = arguments
        self.environment = environment
        try start()
    }

    /// Starts okrd (with `additionalArguments` this time only) and waits until it answers `ping`.
    func start(_ additionalArguments: String...) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.okrd)
        process.arguments = (explicitPaths ? ["--data", dataPath, "--socket", socketPath] : []) + extraArguments + additionalArguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "OKRD_CONFIG")
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        for name in ["STATE_DIRECTORY", "RUNTIME_DIRECTORY", "OKR_SOCKET"] { environment.removeValue(forKey: name) }
        if !explicitPaths {
            try FileManager.default.createDirectory(atPath: directory.appending("runtime"), withIntermediateDirectories: true)
            environment["XDG_STATE_HOME"] = directory.appending("state")
            environment["XDG_RUNTIME_DIR"] = directory.appending("runtime")
        }
        for (key, value) in self.environment { environment[key] = value }
        process.environment = environment
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        LiveDaemons.started(process.processIdentifier)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if !process.isRunning {
                throw DaemonError(message: "okrd exited with \(process.terminationStatus): \(stderr)")
            }
            if (try? WireClient(path: socketPath).call("ping", as: PingResult.self)) != nil { return }
            usleep(20_000)
        }
        throw DaemonError(message: "okrd did not answer within 20 s: \(stderr)")
    }

    /// Sends a signal and waits for the process to end; returns its exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        let status = Self.waitForExit(process)
        LiveDaemons.stopped(process.processIdentifier)
        self.process = nil
        return status
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Waits for `process` to end and answers its exit status (or the signal that ended it, as
    /// Foundation says it).
    /// Foundation's `waitUntilExit` can miss a child's SIGCHLD under load and wait forever beside
    /// a zombie; this looks at the child itself and reaps it when Foundation did not.
    @discardableResult
    static func waitForExit(_ process: Process) -> Int32 {
        let pid = process.processIdentifier
        while process.isRunning {
            var status: Int32 = 0
            if isZombie(pid), waitpid(pid, &status, WNOHANG) == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : signal
            }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    /// Whether `pid` has ended and waits to be reaped.
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    deinit {
        guard let process else { return }
        if process.isRunning {
            process.terminate()
            Self.waitForExit(process)
        }
        LiveDaemons.stopped(process.processIdentifier)
    }

    /// Runs okrctl with `arguments` (socket from `$OKR_SOCKET`) and `input` on stdin.
    func okrctl(_ arguments: String..., input: String? = nil, environment extra: [String: String] = [:]) throws -> CommandResult {
        try okrctl(arguments: arguments, input: input, environment: extra)
    }

    /// Runs okrctl with an argument array against this daemon.
    func okrctl(arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> CommandResult {
        try Self.run(Self.okrctl, arguments, input: input, environment: ["OKR_SOCKET": socketPath, "NO_COLOR": "1"].merging(extra) { $1 })
    }

    /// Runs each okrctl command in turn; throws at the first that fails (setting up a test).
    func run(_ commands: [[String]]) throws {
        for command in commands {
            let result = try okrctl(arguments: command)
            guard result.status == 0 else { throw DaemonError(message: "setup failed: okrctl \(command.joined(separator: " ")): \(result)") }
        }
    }

    /// Sends raw lines on one connection and reads `expecting` response lines.
    func exchange(_ lines: [String], expecting count: Int) throws -> [String] {
        let client = try WireClient(path: socketPath)
        try client.send(Array((lines.joined(separator: "\n") + "\n").utf8))
        return try (0..<count).map { _ in String(decoding: try client.readLine(), as: UTF8.self) }
    }

    /// The result of one JSON-RPC call, decoded.
    func call<Result: Decodable>(_ method: String, _ params: some Encodable, as type: Result.Type) throws -> Result {
        try WireClient(path: socketPath).call(method, params, as: type)
    }

    var lastSeq: UInt64 {
        get throws { try WireClient(path: socketPath).call("ping", as: PingResult.self).lastSeq }
    }

    static func run(_ executable: String, _ arguments: [String], input: String? = nil,
                    environment extra: [String: String] = [:]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        let status = waitForExit(process)
        return CommandResult(status: status, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// What a command printed and how it exited.
struct CommandResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// stdout parsed as JSON.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any] else {
            throw DaemonError(message: "not a JSON object: \(stdout)")
        }
        return object
    }
}

struct DaemonError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
