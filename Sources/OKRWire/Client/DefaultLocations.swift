/// Where okrd keeps its data and its socket when the configuration does not say (SPEC §7), and
/// so where okrctl looks for the socket by default.
///
/// - data: `$STATE_DIRECTORY` (set by systemd), else `$XDG_STATE_HOME/okrd`, else `~/.local/state/okrd`;
/// - socket: `$RUNTIME_DIRECTORY/okrd.sock`, else `$XDG_RUNTIME_DIR/okrd.sock`, else next to the data.
public struct DefaultLocations: Sendable {
    public var stateDirectory: String
    public var socketPath: String

    public init(environment: [String: String]) {
        func nonEmpty(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            // systemd may pass several directories separated by ':'; the first is ours.
            return String(value.split(separator: ":").first ?? Substring(value))
        }
        let home = nonEmpty("HOME") ?? "/"
        stateDirectory = nonEmpty("STATE_DIRECTORY")
            ?? nonEmpty("XDG_STATE_HOME").map { $0 + "/okrd" }
            ?? home + "/.local/state/okrd"
        socketPath = (nonEmpty("RUNTIME_DIRECTORY") ?? nonEmpty("XDG_RUNTIME_DIR") ?? stateDirectory) + "/okrd.sock"
    }
}
