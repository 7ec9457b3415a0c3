import ArgumentParser
import Foundation
import OKRWire

/// The options every command takes (SPEC §6): `--json` and `--socket`.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document on stdout instead of a table.")
    var json = false

    @Option(name: .long, help: "The daemon's socket (default: $OKR_SOCKET, else the daemon's default location).")
    var socket: String?

    /// The system service's socket (`RuntimeDirectory=okrd` in config/okrd.service).
    static let systemSocket = "/run/okrd/okrd.sock"

    /// The socket path: `--socket`, then `$OKR_SOCKET`, then the daemon's own default for this
    /// user's environment, and, when nothing listens there, the system service's socket.
    var socketPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let socket { return socket }
        if let fromEnvironment = environment["OKR_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        let personal = DefaultLocations(environment: environment).socketPath
        if !FileManager.default.fileExists(atPath: personal), FileManager.default.fileExists(atPath: Self.systemSocket) {
            return Self.systemSocket
        }
        return personal
    }

    /// A connected client; exit status 2 when no daemon answers.
    func connect() throws -> WireClient {
        do {
            return try WireClient(path: socketPath)
        } catch {
            throw CLIError(error)
        }
    }

    /// Calls `method` and returns its result, mapping failures to exit statuses.
    func call<Params: Encodable, Result: Decodable>(_ method: RPCMethod, _ params: Params, as type: Result.Type) throws -> Result {
        let client = try connect()
        do {
            // Human output never prints a stored control character raw (SPEC §8).
            return try client.call(method.rawValue, params, as: type, visible: !json)
        } catch {
            throw CLIError(error)
        }
    }
}
