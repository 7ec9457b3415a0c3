import Foundation
import OKRTestSupport
import Testing

/// sd_notify as systemd sees it: a datagram socket at $NOTIFY_SOCKET receiving READY=1 once okrd
/// serves, WATCHDOG=1 at half of $WATCHDOG_USEC, and STOPPING=1 on SIGTERM.
@Suite struct SystemdNotifyTests {
    /// A bound datagram socket collecting what okrd sends.
    final class NotifySocket {
        let path: String
        let descriptor: Int32

        init(path: String) throws {
            self.path = path
            descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw DaemonError(message: "cannot bind \(path)") }
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(descriptor) }

        /// Messages received until `deadline`, or until `until` says stop.
        func receive(seconds: Double, until: ([String]) -> Bool) -> [String] {
            var messages: [String] = []
            let deadline = Date().addingTimeInterval(seconds)
            var buffer = [UInt8](repeating: 0, count: 4096)
            while Date() < deadline, !until(messages) {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 { messages.append(String(decoding: buffer[..<count], as: UTF8.self)) }
            }
            return messages
        }
    }

    @Test func okrdTellsSystemdWhenItIsReadyAliveAndStopping() throws {
        let directory = TemporaryDirectory("okrd-notify")
        let notify = try NotifySocket(path: directory.appending("notify.sock"))
        let daemon = try DaemonProcess(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "200000"], directory: directory)
        let started = notify.receive(seconds: 3) { messages in messages.filter { $0.contains("WATCHDOG=1") }.count >= 3 }
        #expect(started.first?.contains("READY=1") == true, "\(started)")
        #expect(started.filter { $0.contains("WATCHDOG=1") }.count >= 3, "pings every 100 ms: \(started)")
        #expect(daemon.stop() == 0)
        let stopping = notify.receive(seconds: 2) { $0.contains { $0.contains("STOPPING=1") } }
        #expect(stopping.contains { $0.contains("STOPPING=1") }, "\(stopping)")
    }

    @Test func noWatchdogWhenSystemdAskedAnotherProcess() throws {
        let directory = TemporaryDirectory("okrd-notify")
        let notify = try NotifySocket(path: directory.appending("notify.sock"))
        _ = try DaemonProcess(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "100000", "WATCHDOG_PID": "1"],
                              directory: directory)
        let messages = notify.receive(seconds: 0.6) { _ in false }
        #expect(messages.contains { $0.contains("READY=1") })
        #expect(!messages.contains { $0.contains("WATCHDOG=1") })
    }
}
