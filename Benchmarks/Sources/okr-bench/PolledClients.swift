import Foundation
import OKRWire

/// Many clients of okrd driven by one thread with `poll`, as wrk or memtier drive theirs: each
/// connection sends one request, waits for its answer, and sends the next. With a thread per
/// client, the load generator's own wake-ups took about a third of this two-core machine, so the
/// figure measured the generator's scheduling as much as okrd (BENCHMARKS.md).
struct PolledClients {
    /// The request line (without its newline) connection `client` sends as its `number`th.
    let request: (_ client: Int, _ number: Int) -> [UInt8]
    /// Whether `answer` is the right answer to that request.
    let accepts: (_ answer: [UInt8], _ number: Int) -> Bool

    /// Runs `count` connections to `socket` until `deadline` (uptime nanoseconds), then lets each
    /// finish the request it has in flight. Returns each connection's accepted answers, and
    /// stops a connection at its first wrong answer.
    func run(count: Int, socket: String, until deadline: UInt64) throws -> [Int] {
        var descriptors: [pollfd] = []
        for _ in 0..<count {
            switch UnixSocket.connect(to: socket) {
            case .success(let descriptor): descriptors.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0))
            case .failure(let failure): throw BenchError("cannot connect to \(socket): \(failure)")
            }
        }
        defer { for descriptor in descriptors { close(descriptor.fd) } }
        var done = [Int](repeating: 0, count: count)
        var pending = [[UInt8]](repeating: [], count: count)
        var open = count
        for client in 0..<count { try send(request(client, 0), to: descriptors[client].fd) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while open > 0 {
            guard poll(&descriptors, nfds_t(count), 1_000) >= 0 || errno == EINTR else { throw BenchError("poll: \(errno)") }
            for client in 0..<count where descriptors[client].revents != 0 && descriptors[client].events != 0 {
                let read = buffer.withUnsafeMutableBytes { recv(descriptors[client].fd, $0.baseAddress, $0.count, 0) }
                guard read > 0 else { throw BenchError("okrd closed connection \(client)") }
                pending[client] += buffer[0..<read]
                // One request in flight per connection: a whole line is its answer.
                guard pending[client].last == UInt8(ascii: "\n") else { continue }
                let answer = Array(pending[client].dropLast())
                pending[client].removeAll(keepingCapacity: true)
                guard accepts(answer, done[client]) else {
                    descriptors[client].events = 0
                    open -= 1
                    continue
                }
                done[client] += 1
                if DispatchTime.now().uptimeNanoseconds < deadline {
                    try send(request(client, done[client]), to: descriptors[client].fd)
                } else {
                    descriptors[client].events = 0
                    open -= 1
                }
            }
        }
        return done
    }

    private func send(_ line: [UInt8], to descriptor: Int32) throws {
        var line = line
        line.append(UInt8(ascii: "\n"))
        let sent = line.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == line.count else { throw BenchError("a short send (\(sent) of \(line.count) bytes)") }
    }
}
