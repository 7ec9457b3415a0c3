import Foundation
import Synchronization

/// The start-up baseline of figure 3, built beside okr-bench in the benchmarks' package.
let helloProgram: String = {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("foundation-hello").path
}()

/// Wall-clock seconds of `body`.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// A fresh temporary directory, removed at exit of the run.
func temporaryDirectory(_ label: String) -> String {
    var template = Array((NSTemporaryDirectory() + "okr-bench-\(label)-XXXXXX").utf8CString)
    let directory = String(cString: mkdtemp(&template)!)
    temporaryDirectories.withLock { $0.append(directory) }
    return directory
}

/// Every directory ``temporaryDirectory(_:)`` made: a full run fills about 1.2 GB of them.
let temporaryDirectories = Mutex<[String]>([])

/// Removes every temporary directory of the run (the daemons in them have stopped).
func removeTemporaryDirectories() {
    for directory in temporaryDirectories.withLock({ $0 }) {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs a program to completion; returns its exit status.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = FileHandle.nullDevice
    if let stdin {
        let path = temporaryDirectory("stdin") + "/in"
        try stdin.write(toFile: path, atomically: false, encoding: .utf8)
        process.standardInput = FileHandle(forReadingAtPath: path)
    }
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// Anonymous resident memory of a process in bytes (`RssAnon`: what it holds itself, not LMDB's page cache).
func rssAnon(pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
          let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return 0 }
    return kilobytes * 1024
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// A number for the table: `1.52M`, `4.1k`, `12.3`, `0.42`.
func human(_ value: Double) -> String {
    switch abs(value) {
    case 1e6...: String(format: "%.2fM", value / 1e6)
    case 1e4...: String(format: "%.1fk", value / 1e3)
    case 10...: String(format: "%.1f", value)
    default: String(format: "%.3f", value)
    }
}

/// Runs a program with posix_spawn and waits for it: unlike Foundation's `Process`, this adds
/// almost nothing to the time measured (figure 3 compares two start-ups).
@discardableResult
func spawnAndWait(_ executable: String, _ arguments: [String]) -> Int32 {
    var usage = rusage()
    return spawnAndWait(executable, arguments, usage: &usage)
}

/// ``spawnAndWait(_:_:)``, also answering the child's resource use (its peak RSS in `ru_maxrss`, KiB).
@discardableResult
func spawnAndWait(_ executable: String, _ arguments: [String], usage: inout rusage) -> Int32 {
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    wait4(pid, &status, 0, &usage)
    return (status >> 8) & 0xFF
}

/// The repository's root (the benchmarks' sources sit in Benchmarks/Sources/okr-bench).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// Runs `executable` with `arguments` and answers its standard output; throws when it fails.
func runCapturing(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}
