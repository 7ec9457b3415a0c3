import ArgumentParser
import Foundation
import OKRWire

/// The options every command takes (SPEC §6): `--json` and `--socket`.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document on stdout instead of a table.")
    var json = false

    @Option(name: .long, help: "The daemon's socket (default: $OKR_SOCKET, else the daemon's default location).")
    var socket: String?

    /// The socket path: `--socket`, then `$OKR_SOCKET`, then the daemon's own default.
    var socketPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let socket { return socket }
        if let fromEnvironment = environment["OKR_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        return DefaultLocations(environment: environment).socketPath
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
            return try client.call(method.rawValue, params, as: type)
        } catch {
            throw CLIError(error)
        }
    }
}
