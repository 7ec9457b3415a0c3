import OKRWire

/// How the dashboard reaches okrd: as okrctl does, through the local socket or an ssh tunnel,
/// so that it shows exactly what the user running it may read.
public enum OkrdReach: Sendable, CustomStringConvertible {
    case socket(String)
    case ssh(SSHHost, command: String?)

    /// A new connection.
    func connect() throws(WireClientError) -> WireClient {
        switch self {
        case .socket(let path): return try WireClient(path: path)
        case .ssh(let host, let command): return WireClient(tunnel: try SSHTunnel(host, sshCommand: command))
        }
    }

    /// The socket path or the `ssh://` address, as a page names it.
    public var description: String {
        switch self {
        case .socket(let path): path
        case .ssh(let host, _): host.description
        }
    }
}
