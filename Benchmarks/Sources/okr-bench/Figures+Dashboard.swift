import Foundation
import OKRWire

extension Figures {
    /// 9–11. The dashboard (SPEC §12) over the large log's quarter (500 key results): `/` against
    /// `okrctl status --json` for the same view, a commit reaching 50 open `/events` streams, and
    /// the dashboard's memory with those 50 pages open.
    func dashboard() throws -> [Row] {
        let directory = temporaryDirectory("dashboard")
        let builder = try DaemonUnderTest(binaries: binaries, directory: directory, durability: "async")
        try builder.start()
        try LargeLog.define(try builder.client())
        try LargeLog.observe(try builder.client(), from: 0, to: quick ? 20_000 : 100_000)
        builder.stop()
        let daemon = try DaemonUnderTest(binaries: binaries, directory: directory)
        try daemon.start()
        defer { daemon.stop() }
        let server = try DashboardUnderTest(binaries: binaries, socket: daemon.socket)
        defer { server.stop() }
        let overview = try overviewAgainstStatus(server: server, daemon: daemon)
        // Its memory once it has served pages, before any stream is open: what 50 streams add.
        let servedMemory = rssAnon(pid: server.pid)
        return [overview] + (try liveUpdates(server: server, daemon: daemon, servedMemory: servedMemory))
    }

    /// 9. `/` and `okrctl status --json`, taking turns, for the quarter.
    private func overviewAgainstStatus(server: DashboardUnderTest, daemon: DaemonUnderTest) throws -> Row {
        let page = try HTTPProbe(port: server.port)
        _ = try page.get("/?cycle=2026-Q1")
        var pages: [Double] = []
        var statuses: [Double] = []
        for _ in 0..<(quick ? 5 : 15) {
            var bytes = 0
            pages.append(try measure { bytes = try page.get("/?cycle=2026-Q1") })
            guard bytes > 100_000 else { throw BenchError("/ answered only \(bytes) bytes") }
            statuses.append(try measure {
                let status = try run(binaries + "/okrctl", ["status", "--json", "--cycle", "2026-Q1", "--socket", daemon.socket])
                guard status == 0 else { throw BenchError("okrctl status exited \(status)") }
            })
        }
        let ratio = median(pages) / median(statuses)
        return Row(figure: "9 dashboard / for 500 KRs, ms (median)", okrd: String(format: "%.1f", median(pages) * 1000),
                   baseline: String(format: "%.1f status --json", median(statuses) * 1000), ratio: ratio, target: "≤ 3", pass: ratio <= 3)
    }

    /// 10–11. 50 open `/events` streams; each commit timed from okrd's acknowledgement to its
    /// arrival on every stream. Then the dashboard's memory with them open, against its memory
    /// after serving `/` with none open.
    private func liveUpdates(server: DashboardUnderTest, daemon: DaemonUnderTest, servedMemory: Int) throws -> [Row] {
        let streams = try (0..<50).map { _ in try EventStreamProbe(port: server.port) }
        for stream in streams { try stream.waitFor("retry:", seconds: 5) }
        // The relay's follow is open once a first commit arrives everywhere.
        let client = try daemon.client()
        var delays: [Double] = []
        for number in 0..<(quick ? 20 : 60) {
            _ = try client.call(Methods.observe, ObserveParams(observations: [Observation(metric: "live.bench", value: Double(number))]))
            let acknowledged = DispatchTime.now().uptimeNanoseconds
            for stream in streams {
                try stream.waitFor("event: commit", seconds: 5)
                if number > 0 { delays.append(Double(stream.arrivedAt - acknowledged) / 1e9) }
            }
        }
        delays.sort()
        let p99 = delays[min(delays.count - 1, Int(Double(delays.count) * 0.99))]
        let openMemory = rssAnon(pid: server.pid)
        return [
            Row(figure: "10 /events, a commit to 50 open pages, p99 ms", okrd: String(format: "%.2f", p99 * 1000),
                baseline: "50 ms", ratio: p99 / 0.050, target: "≤ 1", pass: p99 <= 0.050),
            Row(figure: "11 dashboard RssAnon, 50 /events open vs none", okrd: human(Double(openMemory)),
                baseline: human(Double(servedMemory)), ratio: Double(openMemory) / Double(max(servedMemory, 1)), target: "≤ 1.5",
                pass: openMemory * 2 <= 3 * max(servedMemory, 1)),
        ]
    }
}

/// A release okr-dashboard on a port of its own choosing, reading the benchmark's okrd.
final class DashboardUnderTest {
    let process = Process()
    let port: Int

    init(binaries: String, socket: String) throws {
        process.executableURL = URL(fileURLWithPath: binaries + "/okr-dashboard")
        process.arguments = ["--listen", "127.0.0.1:0", "--socket", socket]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while line.last != 10 {
            guard let byte = output.fileHandleForReading.readData(ofLength: 1).first else { throw BenchError("okr-dashboard ended at once") }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: ["/"])) }) else {
            throw BenchError("okr-dashboard said \(text)")
        }
        self.port = port
    }

    var pid: Int32 { process.processIdentifier }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// A TCP connection to the dashboard on 127.0.0.1.
class TCPProbe {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchError("connect to the dashboard: errno \(errno)") }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Foundation.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw BenchError("send to the dashboard failed") }
    }

    /// Reads what has arrived, waiting up to `milliseconds`; empty when nothing did.
    func receive(waiting milliseconds: Int32) throws -> [UInt8] {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw BenchError("the dashboard closed the connection") }
        return Array(chunk[..<count])
    }
}

/// Keep-alive GETs: each returns the body's length once the whole answer arrived.
final class HTTPProbe: TCPProbe {
    func get(_ path: String) throws -> Int {
        try send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        var received: [UInt8] = []
        let separator = Array("\r\n\r\n".utf8)
        while true {
            received += try receive(waiting: 10_000)
            guard let end = received.firstRange(of: separator) else { continue }
            let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
            guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                  let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else {
                throw BenchError("an answer without content-length: \(head)")
            }
            while received.count - end.upperBound < length { received += try receive(waiting: 10_000) }
            return length
        }
    }
}

/// An open `/events` stream: waits for the next server-sent event and notes when it arrived.
final class EventStreamProbe: TCPProbe {
    private var pending = ""
    private(set) var arrivedAt: UInt64 = 0

    override init(port: Int) throws {
        try super.init(port: port)
        try send("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    }

    func waitFor(_ needle: String, seconds: Double) throws {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while !pending.contains(needle) {
            guard DispatchTime.now().uptimeNanoseconds < deadline else { throw BenchError("no '\(needle)' on /events within \(seconds) s") }
            let bytes = try receive(waiting: 100)
            if !bytes.isEmpty {
                arrivedAt = DispatchTime.now().uptimeNanoseconds
                pending += String(decoding: bytes, as: UTF8.self)
            }
        }
        pending = String(pending[pending.range(of: needle)!.upperBound...])
    }
}
