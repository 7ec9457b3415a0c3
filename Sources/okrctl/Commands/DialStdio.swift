import ArgumentParser
import Foundation
import OKRWire
#if canImport(Glibc)
import Glibc
#endif

/// `okrctl dial-stdio`: the server end of `okrctl --host ssh://…` (SPEC §9). It relays bytes
/// between its stdin/stdout and okrd's socket until either side closes, so okrd sees the user
/// who runs it (the ssh login user) as the peer.
struct DialStdio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dial-stdio",
        abstract: "Relay stdin and stdout to okrd's socket (what okrctl --host ssh://… runs on the server).",
        discussion: "Exit status 2 with the socket's path when okrd cannot be reached; 0 when either side closes.")
    @Option(name: .long, help: "The daemon's socket (default: $OKR_SOCKET, else the daemon's default location).")
    var socket: String?

    func run() throws {
        let path = GlobalOptions.socketPath(socket)
        let descriptor: Int32
        switch UnixSocket.connect(to: path) {
        case .success(let connected): descriptor = connected
        case .failure(let failure): throw CLIError(message: "cannot reach okrd at \(path): \(failure.reason)", exitCode: 2)
        }
        defer { close(descriptor) }
        signal(SIGPIPE, SIG_IGN)
        try StreamRelay(input: 0, socket: descriptor, output: 1).run()
    }
}

/// Copies `input` to `socket` and `socket` to `output` with `poll`, until the socket ends (or
/// `output` can take no more). When `input` ends first, the socket's write side is shut down and
/// the answers still owed are read to the end.
struct StreamRelay {
    let input: Int32
    let socket: Int32
    let output: Int32

    func run() throws {
        var inputOpen = true
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var descriptors = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
            if inputOpen { descriptors.append(pollfd(fd: input, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw CLIError(message: "relay: \(String(cString: strerror(errno)))", exitCode: 2)
            }
            if inputOpen, descriptors[1].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count > 0 {
                    guard writeAll(buffer[..<count], to: socket) else { return }
                } else if count == 0 || errno != EINTR {
                    inputOpen = false
                    shutdown(socket, Int32(SHUT_WR))
                }
            }
            if descriptors[0].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
                if count > 0 {
                    guard writeAll(buffer[..<count], to: output) else { return }
                } else if count == 0 || errno != EINTR {
                    return
                }
            }
        }
    }

    /// Writes every byte of `bytes`; `false` when `descriptor` is closed.
    private func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
