import Foundation
import OKREvents
import OKRWire

extension Figures {
    /// 12. Commit throughput with 5 hooks subscribed to every kind, one of them dead (SPEC §13),
    /// against none: 64 clients alternating an observation of a key result's metric (a pace
    /// check for every hook) and a check-in (a delivery to every hook). Measured without hooks,
    /// with them, and without them again; the ratio is against the mean of the two without.
    func hooks() throws -> [Row] {
        let directory = temporaryDirectory("hooks")
        let daemon = try DaemonUnderTest(binaries: binaries, directory: directory)
        try daemon.start()
        defer { daemon.stop() }
        let client = try daemon.client()
        let keyResults = 8
        try HookLoad.define(client, keyResults: keyResults)
        let seconds = quick ? 3.0 : 8.0
        let responder = try HTTPResponder()
        defer { responder.stop() }
        let dead = try DeadEndpoint()
        defer { dead.stop() }

        let before = try HookLoad.run(socket: daemon.socket, keyResults: keyResults, seconds: seconds)
        for index in 0..<5 {
            let url = index == 4 ? "http://127.0.0.1:\(dead.port)/dead" : "http://127.0.0.1:\(responder.port)/live\(index)"
            _ = try client.call("hook.add", HookAddParams(name: "h\(index)", url: url, format: "slack"), as: WriteResult.self)
        }
        let with = try HookLoad.run(socket: daemon.socket, keyResults: keyResults, seconds: seconds)
        // The live hooks' lag drains; what they delivered during and after the run.
        let drainStart = Date()
        var stats = try client.call("stats", as: StatsResult.self)
        while Date().timeIntervalSince(drainStart) < 30,
              (stats.hooks ?? []).filter({ $0.name != "h4" }).contains(where: { $0.lag > 0 }) {
            usleep(100_000)
            stats = try client.call("stats", as: StatsResult.self)
        }
        let drained = Date().timeIntervalSince(drainStart)
        let delivered = (stats.hooks ?? []).reduce(0) { $0 + ($1.attempts["delivered"] ?? 0) }
        for index in 0..<5 { _ = try client.call("hook.remove", HookNameParams(name: "h\(index)"), as: WriteResult.self) }
        let after = try HookLoad.run(socket: daemon.socket, keyResults: keyResults, seconds: seconds)
        let none = (before + after) / 2
        let ratio = with / none
        return [Row(figure: String(format: "12 commits/s, 5 hooks (1 dead) vs none (%d delivered, drained %.1f s after)", delivered, drained),
                    okrd: human(with), baseline: human(none) + " none", ratio: ratio, target: "≥ 0.9", pass: ratio >= 0.9)]
    }
}

/// The load of figure 12.
enum HookLoad {
    static func define(_ client: WireClient, keyResults: Int) throws {
        let today = CalendarDay(containing: Instant.now())
        let start = CalendarDay(daysSinceEpoch: today.daysSinceEpoch - 30)
        let end = CalendarDay(daysSinceEpoch: today.daysSinceEpoch + 60)
        _ = try client.call("cycle.add", CycleAddParams(id: "Q", start: start, end: end), as: WriteResult.self)
        _ = try client.call("objective.add", ObjectiveAddParams(title: "Hooks", cycle: "Q", team: "growth", id: "O1"), as: WriteResult.self)
        for index in 1...keyResults {
            _ = try client.call("kr.add", KeyResultAddParams(title: "KR \(index)", objective: "O1", metric: "hook.m\(index)",
                                                              target: 1000, baseline: 0, id: "KR-\(index)"), as: WriteResult.self)
        }
    }

    /// Acknowledged writes per second from 64 clients for `seconds`.
    static func run(socket: String, keyResults: Int, seconds: Double) throws -> Double {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        let load = PolledClients(
            request: { client, number in
                let kr = client % keyResults + 1
                return number % 2 == 0
                    ? Array(#"{"jsonrpc":"2.0","id":\#(number),"method":"observe","params":{"observations":[{"metric":"hook.m\#(kr)","value":\#(number % 900)}]}}"#.utf8)
                    : Array(#"{"jsonrpc":"2.0","id":\#(number),"method":"checkin","params":{"kr":"KR-\#(kr)","confidence":\#(number % 11)}}"#.utf8)
            },
            accepts: { answer, number in BenchAnswer.isSuccess(answer, id: number) })
        var counts: [Int] = []
        let elapsed = try measure { counts = try load.run(count: 64, socket: socket, until: deadline) }
        return Double(counts.reduce(0, +)) / elapsed
    }
}

/// An HTTP/1.1 server on loopback that answers every request 200, a thread per connection: the
/// live hooks' endpoint, as cheap as an endpoint can be. Its threads run at the lowest priority (SCHED_IDLE),
/// as if elsewhere: a chat server is not on okrd's machine, and its CPU is not okrd's to share.
final class HTTPResponder: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        (listener, port) = try Loopback.listen()
        let listener = self.listener
        Thread.detachNewThread {
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                Thread.detachNewThread {
                    var parameters = sched_param(sched_priority: 0)
                    _ = sched_setscheduler(0, 5, &parameters)  // SCHED_IDLE
                    Self.serve(connection)
                }
            }
        }
    }

    private static func serve(_ connection: Int32) {
        defer { close(connection) }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let answer = Array("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".utf8)
        while true {
            let read = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard read > 0 else { return }
            pending += buffer[0..<read]
            while let end = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                guard pending.count >= end.upperBound + length else { break }
                pending.removeSubrange(0..<(end.upperBound + length))
                _ = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
}

/// A port that takes connections and never answers: the dead hook's endpoint (every attempt
/// waits out okrd's 10 s).
final class DeadEndpoint: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws { (listener, port) = try Loopback.listen(backlog: 1024) }

    func stop() { close(listener) }
}

enum Loopback {
    static func listen(backlog: Int32 = 128) throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0, Glibc.listen(descriptor, backlog) == 0 else { throw BenchError("bind/listen: \(errno)") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
