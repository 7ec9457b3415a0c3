import Foundation
import OKREvents
import OKRWire
import Synchronization

/// Figure 7: does a commit wait for queries? Single observations are acknowledged one after
/// another on one connection, on a quiet daemon and while four clients run what `status`,
/// `kr show` and `report` ask for in a loop, three times each, taking turns. The median p99
/// acknowledgement latency of each phase, and their ratio. okrd folds every commit into its projection on the writer thread
/// before acknowledging it; a writer that had to wait for a query's lock would take each
/// query's time onto the acknowledgement.
enum QueryContention {
    struct Result {
        var quietP99: Double
        var loadedP99: Double
        var queries: Int
    }

    /// Three rounds of a quiet phase and a loaded phase, `seconds` each, taking turns so that
    /// both see the same moments of this shared machine; the median round's p99 of each.
    static func measure(socket: String, seconds: Double, keyResults: Int) throws -> Result {
        let writer = try WireClient(path: socket)
        var quiet: [Double] = []
        var loaded: [Double] = []
        var queries = 0
        var sent = 0
        for _ in 0..<3 {
            let calm = try acknowledgements(writer, seconds: seconds, from: sent)
            sent += calm.count
            quiet.append(percentile(calm, 0.99))
            let (busy, answered) = try underQueries(socket: socket, keyResults: keyResults) {
                try acknowledgements(writer, seconds: seconds, from: sent)
            }
            sent += busy.count
            queries += answered
            loaded.append(percentile(busy, 0.99))
        }
        return Result(quietP99: median(quiet), loadedP99: median(loaded), queries: queries)
    }

    /// Runs `body` while four clients send queries; its result and how many queries were answered.
    static func underQueries<T>(socket: String, keyResults: Int, _ body: () throws -> T) throws -> (T, Int) {
        let running = Atomic(true)
        let answered = Atomic(0)
        let failures = Mutex<[String]>([])
        let finished = DispatchGroup()
        for reader in 0..<4 {
            finished.enter()
            Thread {
                defer { finished.leave() }
                do {
                    let client = try WireClient(path: socket)
                    var turn = 0
                    while running.load(ordering: .relaxed) {
                        try query(client, turn: turn, kr: "KR-\((reader * 131 + turn * 37) % keyResults)")
                        answered.add(1, ordering: .relaxed)
                        turn += 1
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        usleep(200_000)  // let the readers get going
        let result = Swift.Result { try body() }
        running.store(false, ordering: .relaxed)
        finished.wait()
        if let failure = failures.withLock({ $0.first }) { throw BenchError("a query client failed: \(failure)") }
        return (try result.get(), answered.load(ordering: .relaxed))
    }

    /// One query of the loop: `status`, `kr show`, and the other calls `okrctl report` makes.
    /// Answers are checked by their envelope, not decoded, so that the clients' own work takes
    /// as little as possible of the two cores from okrd.
    static func query(_ client: WireClient, turn: Int, kr: String) throws {
        let (method, params) = switch turn % 5 {
        case 0: ("status", "{}")
        case 1: ("kr.show", #"{"id":"\#(kr)"}"#)
        case 2: ("tree", #"{"cycle":"2026-Q1"}"#)
        case 3: ("lint", #"{"cycle":"2026-Q1"}"#)
        default: ("score", #"{"cycle":"2026-Q1"}"#)
        }
        try client.send(Array(#"{"jsonrpc":"2.0","id":\#(turn),"method":"\#(method)","params":\#(params)}"#.utf8) + [0x0A])
        let answer = try client.readLine()
        guard BenchAnswer.isSuccess(answer, id: turn) else { throw BenchError("\(method): \(String(decoding: answer.prefix(300), as: UTF8.self))") }
    }

    /// Seconds from sending each single observation to its acknowledgement, for `seconds`.
    static func acknowledgements(_ client: WireClient, seconds: Double, from first: Int) throws -> [Double] {
        var latencies: [Double] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        var index = first
        while DispatchTime.now().uptimeNanoseconds < deadline {
            let line = Array(#"{"jsonrpc":"2.0","id":\#(index),"method":"observe","params":{"metric":"contention.m","value":\#(index)}}"#.utf8) + [0x0A]
            let sent = DispatchTime.now().uptimeNanoseconds
            try client.send(line)
            let answer = try client.readLine()
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9)
            guard BenchAnswer.appendedOne(answer, id: index) else { throw BenchError("observe \(index): \(String(decoding: answer, as: UTF8.self))") }
            index += 1
        }
        return latencies
    }

    /// The p99 of a lone client's acknowledgements over `seconds` (nobody else writing).
    static func loneP99(socket: String, seconds: Double) throws -> Double {
        percentile(try acknowledgements(try WireClient(path: socket), seconds: seconds, from: 1_000_000_000), 0.99)
    }

    static func percentile(_ values: [Double], _ share: Double) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))]
    }
}
