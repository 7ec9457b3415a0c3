/// How a long-running client (the dashboard, the MCP server) reaches okrd: as okrctl does,
/// through the local socket or an ssh tunnel, so that it shows and does exactly what the user
/// running it may.
public enum OkrdReach: Sendable, CustomStringConvertible {
    case socket(String)
    case ssh(SSHHost, command: String?)

    /// The reach okrctl hands to the programs it runs (`okr-dashboard`, `okr-mcp`): `--host
    /// ssh://…` with `OKR_SSH`'s ssh command, else `--socket`, else the system socket; `nil`
    /// for a host that is not `ssh://[USER@]HOST[:PORT]`.
    public static func handedOn(socket: String?, host: String?, sshCommand: String?) -> OkrdReach? {
        guard let host else { return .socket(socket ?? "/run/okrd/okrd.sock") }
        guard let parsed = SSHHost(host) else { return nil }
        return .ssh(parsed, command: sshCommand.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// A new connection.
    public func connect() throws(WireClientError) -> WireClient {
        switch self {
        case .socket(let path): return try WireClient(path: path)
        case .ssh(let host, let command): return WireClient(tunnel: try SSHTunnel(host, sshCommand: command))
        }
    }

    /// The socket path or the `ssh://` address, as a message names it.
    public var description: String {
        switch self {
        case .socket(let path): path
        case .ssh(let host, _): host.description
        }
    }
}
