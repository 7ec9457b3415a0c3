import ArgumentParser
import Foundation
import OKRPages
import OKRWire

/// The options every command takes (SPEC §6, §9): `--json`, `--socket` and `--host`.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document on stdout instead of a table.")
    var json = false

    @Option(name: .long, help: "The daemon's socket (default: $OKR_SOCKET, else the daemon's default location).")
    var socket: String?

    @Option(name: .long, help: "Reach okrd on another machine over ssh: ssh://[USER@]HOST[:PORT] (default: $OKR_HOST).")
    var host: String?

    func validate() throws {
        if let text = hostText, SSHHost(text) == nil {
            let source = host != nil || ProcessInfo.processInfo.environment[Self.leadingHostVariable] != nil ? "--host" : "$OKR_HOST"
            throw ValidationError("\(source) '\(text)' is not an ssh address: use \(SSHHost.form)")
        }
    }

    /// Where a `--host` given before the command name is kept for the command's options.
    private static let leadingHostVariable = "OKRCTL_LEADING_HOST"

    /// `arguments` without a leading `--host ADDRESS` (`okrctl --host ssh://server status`, as
    /// `docker -H` is given), which is kept for ``hostText``: ArgumentParser reads the options
    /// of the command only, and every command has `--host` there too.
    static func takingLeadingHost(_ arguments: [String]) -> [String] {
        var arguments = arguments
        if arguments.count >= 2, arguments[0] == "--host" {
            setenv(leadingHostVariable, arguments[1], 1)
            arguments.removeFirst(2)
        } else if let first = arguments.first, first.hasPrefix("--host=") {
            setenv(leadingHostVariable, String(first.dropFirst(7)), 1)
            arguments.removeFirst()
        }
        return arguments
    }

    /// The system service's socket (`RuntimeDirectory=okrd` in config/okrd.service).
    static let systemSocket = "/run/okrd/okrd.sock"

    /// `--host`, else `$OKR_HOST` when set and not empty.
    var hostText: String? {
        if let host { return host }
        if let leading = ProcessInfo.processInfo.environment[Self.leadingHostVariable] { return leading }
        let fromEnvironment = ProcessInfo.processInfo.environment["OKR_HOST"]
        return fromEnvironment?.isEmpty == false ? fromEnvironment : nil
    }

    /// The socket path: `--socket`, then `$OKR_SOCKET`, then the daemon's own default for this
    /// user's environment, and, when nothing listens there, the system service's socket.
    var socketPath: String { Self.socketPath(socket) }

    /// Where okrctl reaches okrd, for messages: the socket path or the ssh address.
    var endpoint: String { hostText.flatMap(SSHHost.init)?.description ?? socketPath }

    static func socketPath(_ explicit: String?) -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit { return explicit }
        if let fromEnvironment = environment["OKR_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        let personal = DefaultLocations(environment: environment).socketPath
        if !FileManager.default.fileExists(atPath: personal), FileManager.default.fileExists(atPath: Self.systemSocket) {
            return Self.systemSocket
        }
        return personal
    }

    /// A connected client, through ssh with `--host`; exit status 2 when no daemon answers.
    func connect() throws -> WireClient {
        do {
            if let host = hostText.flatMap(SSHHost.init) {
                let ssh = ProcessInfo.processInfo.environment["OKR_SSH"].flatMap { $0.isEmpty ? nil : $0 }
                return WireClient(tunnel: try SSHTunnel(host, sshCommand: ssh))
            }
            return try WireClient(path: socketPath)
        } catch {
            throw CLIError(error)
        }
    }

    /// Calls `method` and returns its result, mapping failures to exit statuses.
    func call<Params, Result>(_ method: Method<Params, Result>, _ params: Params) throws -> Result {
        // Text shows the organisation's local days and times (SPEC §15); JSON keeps UTC.
        if !json { Format.use(try LocalDays.calendar(self)) }
        let client = try connect()
        do {
            // Human output never prints a stored control character raw (SPEC §8).
            return try client.call(method, params, visible: !json)
        } catch {
            throw CLIError(error)
        }
    }

    /// Calls a method that takes no params.
    func call<Result>(_ method: Method<EmptyParams, Result>) throws -> Result {
        try call(method, EmptyParams())
    }
}
