import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange over a plain TCP socket, with whatever method and `Host` the test wants
/// (a browser would not send a foreign Host, curl would add its own headers).
struct RawHTTP {
    struct Answer: CustomStringConvertible {
        var status: Int
        /// Header names lower-cased.
        var headers: [String: String]
        var body: String
        var description: String { "HTTP \(status) \(headers)\n\(body.prefix(2000))" }
    }

    static func request(port: Int, method: String = "GET", path: String, host: String? = nil) throws -> Answer {
        let descriptor = try connected(port: port, sending: "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\n"
                                                        + "Connection: close\r\nContent-Length: 0\r\n\r\n")
        defer { close(descriptor) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += chunk[..<count]
        }
        return try parse(received)
    }

    /// A TCP connection to 127.0.0.1:`port` that has sent `request`.
    static func connected(port: Int, sending request: String) throws -> Int32 {
        let descriptor = try LoopbackTCP.connect(port: port)
        _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return descriptor
    }

    private static func parse(_ bytes: [UInt8]) throws -> Answer {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw DaemonError(message: "no header end in: \(text.prefix(300))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw DaemonError(message: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = String(text[split.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    /// A chunked body's data (sizes in hex, each chunk followed by CRLF).
    private static func dechunk(_ body: String) -> String {
        var bytes = Array(body.utf8)[...]
        var out: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: 13), let size = Int(String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self), radix: 16),
              size > 0 {
            let start = lineEnd + 2
            out += bytes[start..<min(start + size, bytes.endIndex)]
            bytes = bytes[min(start + size + 2, bytes.endIndex)...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// An open `/events` stream read as raw bytes: waits for a server-sent event to arrive.
final class EventStreamReader {
    private let descriptor: Int32
    private var received = ""

    init(port: Int, path: String = "/events") throws {
        descriptor = try RawHTTP.connected(port: port, sending: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
    }

    deinit { close(descriptor) }

    /// Everything received so far.
    var text: String { received }

    /// Reads until `needle` has arrived after what was already read, or `seconds` pass; whether it came.
    func waitFor(_ needle: String, seconds: Double) -> Bool {
        let start = received.endIndex
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if received[start...].contains(needle) { return true }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 16_384)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return received[start...].contains(needle) }
            received += String(decoding: chunk[..<count], as: UTF8.self)
        }
        return received[start...].contains(needle)
    }
}
