import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection to a port on 127.0.0.1, as the tests open them to the dashboard and to sshd.
enum LoopbackTCP {
    /// The connected descriptor (the caller closes it).
    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw DaemonError(message: "socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw DaemonError(message: "connect to port \(port): errno \(errno)")
        }
        return descriptor
    }
}
