import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// okrctl on a laptop, okrd on the team server (SPEC §9): `okrctl --host ssh://[user@]host[:port]`
/// runs `$OKR_SSH` (default `ssh`) `-T [-p PORT] [-l USER] HOST okrctl dial-stdio` and speaks the
/// protocol over the child's stdin and stdout, as `docker -H ssh://` does. On the server,
/// `okrctl dial-stdio` relays to okrd's socket, so okrd sees the ssh login user as the peer and
/// roles apply unchanged: no new port, no new credentials. ssh's own messages go to okrctl's stderr.
public final class SSHTunnel {
    /// The ssh command: the words of `$OKR_SSH` (default `ssh`) and its arguments.
    public let command: [String]
    public let host: SSHHost
    /// The child's stdin (requests) and stdout (answers).
    let input: Int32
    let output: Int32
    private let pid: pid_t
    private var exitStatus: Int32?
    private var inputOpen = true

    /// Starts ssh. Throws `.unreachable` when it cannot be started at all.
    public init(_ host: SSHHost, sshCommand: String? = nil) throws(WireClientError) {
        self.host = host
        let words = (sshCommand ?? "ssh").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        command = (words.isEmpty ? ["ssh"] : words) + host.sshArguments + ["okrctl", "dial-stdio"]
        // A pipe whose reader died must be an error to report, not a SIGPIPE to die of.
        signal(SIGPIPE, SIG_IGN)
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            throw .unreachable(path: host.description, reason: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        // The child gets its ends as 0 and 1 only; nothing else inherits them.
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        var child: pid_t = 0
        let arguments = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let spawned = posix_spawnp(&child, command[0], &actions, nil, arguments, environ)
        Glibc.close(toChild[0])
        Glibc.close(fromChild[1])
        guard spawned == 0 else {
            Glibc.close(toChild[1])
            Glibc.close(fromChild[0])
            throw .unreachable(path: host.description, reason: "cannot run \(command[0]): \(String(cString: strerror(spawned)))")
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
    }

    /// Why the stream ended, when ssh did: its exit status, its own message being on stderr
    /// already. `nil` while ssh runs (or when it exited 0: then the far end simply closed).
    func failure() -> WireClientError? {
        closeInput()
        guard let status = waitForExit(), status != 0 else { return nil }
        let what = status == 255 ? "ssh could not connect or log in (its message is above)"
            : "the far end exited with status \(status) (its message is above)"
        return .unreachable(path: host.description, reason: what)
    }

    /// Closes both pipes and reaps ssh.
    func close() {
        closeInput()
        Glibc.close(output)
        _ = waitForExit()
    }

    /// Ends ssh's stdin (once): ssh then ends the session.
    private func closeInput() {
        guard inputOpen else { return }
        inputOpen = false
        Glibc.close(input)
    }

    /// ssh's exit status, waiting at most two seconds for it to end once its pipes are closed.
    private func waitForExit() -> Int32? {
        if let exitStatus { return exitStatus }
        for _ in 0..<200 {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // WIFEXITED / WEXITSTATUS, which Swift does not import; a signal counts as 255.
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 255
                return exitStatus
            }
            if reaped < 0 { return nil }
            usleep(10_000)
        }
        return nil
    }
}

/// An `ssh://[user@]host[:port]` address: the only form `--host` and `$OKR_HOST` take.
public struct SSHHost: Hashable, Sendable, CustomStringConvertible {
    public var user: String?
    public var host: String
    public var port: Int?

    /// The accepted form, for error messages.
    public static let form = "ssh://[USER@]HOST[:PORT]"

    /// Parses `text`; `nil` for anything but the accepted form.
    public init?(_ text: String) {
        guard text.hasPrefix("ssh://") else { return nil }
        var rest = Substring(text.dropFirst(6))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
            guard let user, !user.isEmpty, user.allSatisfy(Self.isNameCharacter) else { return nil }
        }
        if rest.hasPrefix("[") {
            // An IPv6 literal: [::1]:2222.
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            let colon = rest.firstIndex(of: ":") ?? rest.endIndex
            host = String(rest[..<colon])
            rest = rest[colon...]
            guard !host.isEmpty, host.allSatisfy(Self.isNameCharacter) else { return nil }
        }
        if !rest.isEmpty {
            guard rest.first == ":", let port = Int(rest.dropFirst()), (1...65_535).contains(port) else { return nil }
            self.port = port
        }
        // ssh would read a leading '-' as an option.
        guard !host.hasPrefix("-"), !(user ?? "").hasPrefix("-") else { return nil }
    }

    /// `-p PORT -l USER HOST`, as ssh takes them (`-T`: no terminal, the protocol is bytes).
    var sshArguments: [String] {
        ["-T"] + (port.map { ["-p", String($0)] } ?? []) + (user.map { ["-l", $0] } ?? []) + ["--", host]
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "ssh://" + (user.map { $0 + "@" } ?? "") + shownHost + (port.map { ":\($0)" } ?? "")
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
    }
}
