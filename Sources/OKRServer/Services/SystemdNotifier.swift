import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// sd_notify without libsystemd: one datagram to `$NOTIFY_SOCKET` (a leading `@` is the
/// abstract namespace). Does nothing when okrd is not run by systemd with `Type=notify`.
final class SystemdNotifier: Sendable {
    let socketPath: String?
    private let ready = Mutex(false)

    init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether `READY=1` was sent (the watchdog pings only after it).
    var isReady: Bool { ready.withLock { $0 } }

    /// Sends `state` (e.g. `READY=1`); failures are ignored, as sd_notify does.
    func notify(_ state: String) {
        if state.hasPrefix("READY=1") { ready.withLock { $0 = true } }
        guard let socketPath else { return }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let length = withUnsafeMutableBytes(of: &address.sun_path) { raw -> Int in
            let count = min(path.count, raw.count - 1)
            raw.copyBytes(from: path.prefix(count))
            return count
        }
        let addressLength = socklen_t(MemoryLayout<sa_family_t>.size + length)
        _ = state.withCString { text in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, text, strlen(text), Int32(MSG_NOSIGNAL), $0, addressLength)
                }
            }
        }
    }
}
