import OKRWire

/// A failure with the exit status SPEC §6 gives it: 1 usage, 2 daemon unreachable,
/// 3 rejected by the daemon, 4 lint findings.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    var description: String { message }

    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: 1) }
    static func rejected(_ message: String) -> CLIError { CLIError(message: message, exitCode: 3) }

    /// The exit status and message for a client error.
    init(_ error: WireClientError) {
        switch error {
        case .unreachable, .connectionLost:
            self.init(message: error.description, exitCode: 2)
        case .rejected:
            self.init(message: error.description, exitCode: 3)
        case .protocolError:
            self.init(message: error.description, exitCode: 2)
        }
    }

    init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }
}
