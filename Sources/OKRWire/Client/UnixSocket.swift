#if canImport(Glibc)
import Glibc
#endif

/// Opening a Unix stream socket connected to a path: the one place that fills a `sockaddr_un`.
/// Used by okrctl's ``WireClient``, by okrd to tell a live socket from a stale one, and by the
/// tests' misbehaving clients.
public enum UnixSocket {
    /// A connected descriptor (close-on-exec), or why there is none: `configure` runs on the
    /// descriptor before `connect` (e.g. to shrink its receive buffer).
    public static func connect(to path: String, configure: (Int32) -> Void = { _ in }) -> Result<Int32, Failure> {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else { return .failure(Failure(reason: "socket path longer than \(capacity - 1) bytes")) }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        configure(descriptor)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(Failure(reason: reason))
        }
        return .success(descriptor)
    }

    /// Why a connection could not be made, in the system's words.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
