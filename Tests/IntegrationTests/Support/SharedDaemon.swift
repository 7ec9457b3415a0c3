import Foundation

/// One okrd started on first use and set up with `commands`, shared by the cases of a table
/// test (starting a daemon per case would cost more than the cases).
final class SharedDaemon: @unchecked Sendable {
    private let commands: [[String]]
    private let lock = NSLock()
    private var daemon: DaemonProcess?

    init(_ commands: [[String]]) {
        self.commands = commands
    }

    /// The daemon, started and set up by the first caller.
    func get() throws -> DaemonProcess {
        try lock.withLock {
            if let daemon { return daemon }
            let started = try DaemonProcess()
            try started.run(commands)
            daemon = started
            return started
        }
    }
}
