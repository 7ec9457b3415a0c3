import Foundation
import OKRWire

/// A bare Unix-socket connection for the abuse tests: connects and sends exactly what it is
/// given, reads with a deadline, and can shrink its receive buffer to play a stalled reader.
/// (`WireClient` is the well-behaved client; this one is allowed to misbehave.)
final class RawSocket {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(path: String, receiveBuffer: Int32? = nil) throws {
        let connected = UnixSocket.connect(to: path) { descriptor in
            if var size = receiveBuffer {
                setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
        }
        switch connected {
        case .success(let descriptor): self.descriptor = descriptor
        case .failure(let failure): throw DaemonError(message: "connect: \(failure.reason)")
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes`; `false` once the peer has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// What reading found.
    enum Read: Equatable {
        case line(String)
        /// The peer closed the connection (or reset it).
        case closed
        /// Nothing arrived before the deadline.
        case timedOut
    }

    /// The next line, waiting at most `seconds`.
    func readLine(within seconds: Double) -> Read {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                defer { pending.removeSubrange(...newline) }
                return .line(String(decoding: pending[..<newline], as: UTF8.self))
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return .timedOut }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(left * 1000) + 1)
            if ready == 0 { continue }
            if ready < 0 { if errno == EINTR { continue } else { return .closed } }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return .closed }
            pending.append(contentsOf: chunk[..<count])
        }
    }
}
