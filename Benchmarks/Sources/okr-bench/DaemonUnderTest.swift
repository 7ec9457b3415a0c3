import Foundation
import OKREvents
import OKRWire

/// A release okrd on a data directory of the benchmark's, with a configuration of its own.
final class DaemonUnderTest {
    let binaries: String
    let directory: String
    let socket: String
    private(set) var process: Process?

    init(binaries: String, directory: String, durability: String = "sync", lineLimitBytes: Int = 16 << 20) throws {
        self.binaries = binaries
        self.directory = directory
        socket = directory + "/okrd.sock"
        try """
        [storage]
        durability = "\(durability)"
        map_size_mib = 1024
        [socket]
        max_connections = 1024
        line_limit_bytes = \(lineLimitBytes)
        [observe]
        batch_limit = 20000
        """.write(toFile: directory + "/okrd.toml", atomically: true, encoding: .utf8)
    }

    /// Starts okrd; returns seconds from launch until `status` answered. The answer is checked
    /// by its envelope, not decoded: parsing a 286 KB answer with Foundation would add the
    /// client's milliseconds to the daemon's.
    @discardableResult
    func start(_ extraArguments: [String] = []) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/okrd")
        process.arguments = ["--config", directory + "/okrd.toml", "--data", directory + "/data", "--socket", socket, "--log-level", "info"] + extraArguments
        let logPath = directory + "/okrd.log"
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = FileHandle(forWritingAtPath: logPath)
        log?.seekToEndOfFile()
        process.standardError = log
        let started = DispatchTime.now().uptimeNanoseconds
        try process.run()
        self.process = process
        while true {
            if let client = try? WireClient(path: socket), Self.statusAnswers(client) {
                return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            }
            guard process.isRunning else { throw BenchError("okrd exited with \(process.terminationStatus)") }
            usleep(500)
        }
    }

    private static func statusAnswers(_ client: WireClient) -> Bool {
        let request = Array(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#.utf8) + [UInt8(ascii: "\n")]
        guard (try? client.send(request)) != nil, let line = try? client.readLine() else { return false }
        return BenchAnswer.isSuccess(line, id: 1)
    }

    func stop() {
        guard let process else { return }
        process.interrupt()
        process.waitUntilExit()
        self.process = nil
    }

    var pid: Int32 { process?.processIdentifier ?? 0 }

    func client() throws -> WireClient { try WireClient(path: socket) }

    /// Only checks that `status` answered.
    struct StatusProbe: Decodable {}
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The OKR set the large-log figures use: one quarter, 100 objectives of 5 key results each,
/// every key result on its own metric (500 metrics), observations spread over the quarter. 20
/// people own the objectives; every other key result has an owner and a team of its own (the
/// rest inherit their objective's), so `status` pays for owners as a real organisation's would.
/// Beside the quarter runs the year 2026 with 10 annual objectives scored from their children:
/// each quarterly objective serves one with a weight of 1 to 3, and every fifth key result has a
/// plan of two checkpoints, so `status` pays for alignment and plans too (SPEC §10).
enum LargeLog {
    static let keyResults = 500
    static let people = 20
    static let annualObjectives = 10

    static func define(_ client: WireClient) throws {
        _ = try client.call("cycle.add", CycleAddParams(id: "2026", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-12-31")!),
                            as: WriteResult.self)
        _ = try client.call("cycle.add", CycleAddParams(id: "2026-Q1", start: CalendarDay("2026-01-01")!, end: CalendarDay("2026-03-31")!),
                            as: WriteResult.self)
        for annual in 0..<annualObjectives {
            _ = try client.call("objective.add", ObjectiveAddParams(title: "Annual objective \(annual)", cycle: "2026",
                                                                    team: "team-\(annual)", id: "Y-\(annual)", progress: .children),
                                as: WriteResult.self)
        }
        for person in 0..<people {
            _ = try client.call("person.set", PersonSetParams(id: "person\(person)", name: "Person \(person)",
                                                              email: "person\(person)@example.com", teams: ["team-\(person % 10)"]),
                                as: WriteResult.self)
        }
        for objective in 0..<keyResults / 5 {
            let parent = ObjectiveParentParam(id: "Y-\(objective % annualObjectives)", weight: Double(1 + objective % 3))
            _ = try client.call("objective.add", ObjectiveAddParams(title: "Objective \(objective)", cycle: "2026-Q1",
                                                                    team: "team-\(objective % 10)", id: "O-\(objective)",
                                                                    owner: "person\(objective % people)", parents: [parent]),
                                as: WriteResult.self)
            for index in 0..<5 {
                let kr = objective * 5 + index
                let own = kr % 2 == 1
                _ = try client.call("kr.add", KeyResultAddParams(title: "Key result \(kr)", objective: "O-\(objective)",
                                                                 metric: "metric.\(kr)", target: 1000, baseline: 0, id: "KR-\(kr)",
                                                                 owner: own ? "person\((kr / 2) % people)" : nil,
                                                                 team: own ? "team-\((kr / 2) % 10)" : nil),
                                    as: WriteResult.self)
                if kr % 5 == 0 {
                    _ = try client.call("kr.plan", KeyResultPlanParams(id: "KR-\(kr)", checkpoints: [
                        PlanCheckpointParam(day: "2026-02-01", value: "200"), PlanCheckpointParam(day: "2026-03-01", value: "700"),
                    ]), as: WriteResult.self)
                }
            }
        }
    }

    /// Appends observations `from..<to` (numbered across all runs), spread over the quarter.
    static func observe(_ client: WireClient, from: Int, to: Int) throws {
        let start = Instant(rfc3339: "2026-01-01")!
        let span = 89.0 * 86_400
        var index = from
        while index < to {
            let end = min(index + 20_000, to)
            let batch = (index..<end).map { n in
                Observation(metric: "metric.\(n % keyResults)", value: Double(n % 1000),
                            at: start.adding(seconds: span * Double(n) / 2_000_000.0))
            }
            _ = try client.call("observe", ObserveParams(observations: batch), as: ObserveResult.self)
            index = end
        }
    }
}
