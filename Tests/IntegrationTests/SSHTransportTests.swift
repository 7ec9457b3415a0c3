import Foundation
import OKRTestSupport
import Testing

/// Whether this run can start a real OpenSSH server and log in as users it creates (root, with
/// sshd and ssh-keygen: `.ci/run` installs openssh-server).
let canRunSSHD = canManageUsers && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")

/// `okrctl --host ssh://…` against a real sshd on a loopback port (SPEC §9): the "laptop" side
/// runs ssh, which logs in with a key as a user made for the test and runs `okrctl dial-stdio`
/// on the "server" side, which relays to okrd's socket. okrd sees the login user as the peer.
@Suite(.serialized, .enabled(if: canRunSSHD, "skipped: needs root, sshd and ssh-keygen (openssh-server)"))
struct SSHTransportTests {
    /// A reader and a writer account, both reachable with one key, okrd giving them those roles.
    final class Fixture {
        let directory = TemporaryDirectory("okr-ssh")
        let reader = "okrtsshr\(getpid())"
        let writer = "okrtsshw\(getpid())"
        /// A login okrd gives no role.
        let stranger = "okrtssho\(getpid())"
        let daemon: DaemonProcess
        let port: Int

        init() throws {
            chmod(directory.path, 0o755)
            let config = directory.appending("okrd.toml")
            try """
            [socket]
            mode = "0666"
            [access]
            reader_users = ["\(reader)"]
            writer_users = ["\(writer)"]
            """.write(toFile: config, atomically: true, encoding: .utf8)
            daemon = try DaemonProcess(arguments: ["--config", config], directory: TemporaryDirectory("okrd-ssh"))
            chmod(daemon.directory.path, 0o755)
            try daemon.run(Walkthrough.commands)

            let key = directory.appending("id_ed25519")
            try Self.check(DaemonProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "okr-test", "-f", key]))
            try Self.check(DaemonProcess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", directory.appending("host_key")]))
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            // The server side finds okrctl and okrd's socket as a login on a team server would:
            // okrctl on its PATH, the socket in OKR_SOCKET.
            let binaries = URL(fileURLWithPath: SharedBinaries.okrctl).deletingLastPathComponent().path
            let options = "environment=\"PATH=\(binaries):/usr/bin:/bin\",environment=\"OKR_SOCKET=\(daemon.socketPath)\""
            for user in [reader, writer, stranger] {
                Self.removeUser(user)  // left by an earlier fixture whose sessions outlived it
                let home = directory.appending("home-\(user)")
                // Password `*`: none can be typed, but unlike useradd's default `!` the account
                // is not locked, which sshd without PAM refuses even with a key.
                try Self.check(DaemonProcess.run("/usr/sbin/useradd", ["-M", "-N", "-d", home, "-s", "/bin/sh", "-p", "*", user]))
                try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
                try "\(options) \(publicKey)\n".write(toFile: home + "/.ssh/authorized_keys", atomically: true, encoding: .utf8)
                try Self.check(DaemonProcess.run("/bin/chown", ["-R", user, home]))
                chmod(home, 0o700)
                chmod(home + "/.ssh", 0o700)
                chmod(home + "/.ssh/authorized_keys", 0o600)
            }
            port = Int.random(in: 20_000...60_000)
            try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory.appending("host_key"))
            PidFile \(directory.appending("sshd.pid"))
            AuthorizedKeysFile .ssh/authorized_keys
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin no
            PermitUserEnvironment PATH,OKR_SOCKET
            UsePAM no
            StrictModes no
            AllowUsers \(reader) \(writer) \(stranger)
            LogLevel ERROR
            """.write(toFile: directory.appending("sshd_config"), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            // sshd daemonizes (its PidFile says where it went). Not kept as a Foundation Process:
            // sshd closes every descriptor it inherits, which Foundation takes for the child's
            // exit, and its blocking wait for it then stalls every other Process of the tests.
            try Self.check(DaemonProcess.run("/usr/sbin/sshd", ["-f", directory.appending("sshd_config")]))
            // Ready once a connection gets sshd's banner.
            for _ in 0..<100 where !Self.greets(port) { usleep(50_000) }
        }

        deinit {
            if let text = try? String(contentsOfFile: directory.appending("sshd.pid"), encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGTERM)
            }
            daemon.stop()
            for user in [reader, writer, stranger] { Self.removeUser(user) }
        }

        /// The ssh command okrctl runs: the test's key, no host-key prompt, no agent.
        var sshCommand: String {
            "ssh -i \(directory.appending("id_ed25519")) -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                + "-o LogLevel=ERROR -o IdentitiesOnly=yes"
        }

        /// okrctl on the "laptop" (here, as root, with no socket of its own) through ssh as `user`.
        func okrctl(as user: String, _ arguments: String..., input: String? = nil) throws -> CommandResult {
            try DaemonProcess.run(DaemonProcess.okrctl, ["--host", "ssh://\(user)@127.0.0.1:\(port)"] + arguments, input: input,
                                  environment: ["OKR_SSH": sshCommand, "OKR_SOCKET": "/nonexistent/okrd.sock", "NO_COLOR": "1"])
        }

        /// `okrctl --host ssh://USER@… dashboard` on the "laptop".
        func dashboard(as user: String) throws -> DashboardProcess {
            try DashboardProcess(socket: "/nonexistent/okrd.sock", arguments: ["--host", "ssh://\(user)@127.0.0.1:\(port)"],
                                 environment: ["OKR_SSH": sshCommand])
        }

        /// Ends the user's processes (an ssh session of a dashboard or an MCP server that has just
        /// stopped may still be closing) and removes the account.
        static func removeUser(_ user: String) {
            _ = try? DaemonProcess.run("/usr/bin/pkill", ["-KILL", "-u", user])
            _ = try? DaemonProcess.run("/usr/sbin/userdel", ["-f", user])
        }

        static func check(_ result: CommandResult) throws {
            guard result.status == 0 else { throw DaemonError(message: "setup failed: \(result)") }
        }

        /// Whether sshd answers on `port` with its `SSH-2.0` banner.
        static func greets(_ port: Int) -> Bool {
            guard let descriptor = try? LoopbackTCP.connect(port: port) else { return false }
            defer { close(descriptor) }
            var banner = [UInt8](repeating: 0, count: 64)
            let count = banner.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            return count >= 7 && banner.starts(with: Array("SSH-2.0".utf8))
        }
    }

    @Test func aReaderReadsOverSSHAndCannotWriteAndAWritersActorIsTheLoginUser() throws {
        let fixture = try Fixture()
        let ping = try fixture.okrctl(as: fixture.reader, "ping")
        #expect(ping.status == 0, "\(ping)")
        #expect(ping.stdout.contains("you are \(fixture.reader) (reader)"), "\(ping)")
        #expect(ping.stdout.contains("ssh://\(fixture.reader)@127.0.0.1:\(fixture.port)"))
        let status = try fixture.okrctl(as: fixture.reader, "status", "--cycle", "2026-Q1", "--json")
        #expect(status.status == 0 && status.stdout.contains("onboarding.completion"), "\(status)")

        let before = try fixture.daemon.lastSeq
        let refused = try fixture.okrctl(as: fixture.reader, "observe", "m", "1")
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("needs the observer role"), "\(refused)")
        #expect(try fixture.daemon.lastSeq == before)

        #expect(try fixture.okrctl(as: fixture.writer, "checkin", "KR-1", "--confidence", "6", "--note", "over ssh").status == 0)
        let log = try fixture.daemon.okrctl("log", "--json", "--type", "CheckInRecorded")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(events.last?["actor"] as? String == fixture.writer, "the peer okrd saw is the login user")

        // --mine is the login user too.
        try fixture.daemon.run([["person", "set", fixture.writer], ["kr", "update", "KR-2", "--owner", fixture.writer]])
        let mine = try fixture.okrctl(as: fixture.writer, "status", "--cycle", "2026-Q1", "--mine", "--json").json()
        let krs = ((mine["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first?["krs"] as? [[String: Any]]
        #expect(krs?.map { $0["id"] as? String } == ["KR-2"])
    }

    @Test func aCSVImportAndAFollowGoThroughTheTunnel() throws {
        let fixture = try Fixture()
        let rows = (1...500).map { "tunnel.metric,\($0),2026-02-\(String(format: "%02d", 1 + $0 % 27))T10:00:00Z" }
        let csv = "metric,value,at\n" + rows.joined(separator: "\n") + "\n"
        let imported = try fixture.okrctl(as: fixture.writer, "observe", "--file", "-", "--json", input: csv)
        #expect(imported.status == 0, "\(imported)")
        #expect(try imported.json()["appended"] as? Int == 500)
        // Again: identified by content, nothing appended twice.
        #expect(try fixture.okrctl(as: fixture.writer, "observe", "--file", "-", "--json", input: csv).json()["appended"] as? Int == 0)
        let log = try fixture.okrctl(as: fixture.reader, "log", "--type", "MetricObserved", "--limit", "3", "--json")
        #expect(log.status == 0, "\(log)")
    }

    @Test func logFollowStreamsThroughTheTunnel() throws {
        let fixture = try Fixture()
        let follower = try Follower(["--host", "ssh://\(fixture.reader)@127.0.0.1:\(fixture.port)", "log", "--follow", "--json",
                                     "--since", String(try fixture.daemon.lastSeq)], environment: ["OKR_SSH": fixture.sshCommand])
        defer { follower.stop() }
        let received = follower.received
        // Events committed after the follow began arrive through ssh as they are committed.
        for attempt in 0..<50 {
            #expect(try fixture.daemon.okrctl("observe", "followed", String(attempt)).status == 0)
            if received.waitForLines(1, seconds: 0.2) { break }
        }
        #expect(received.waitForLines(1, seconds: 10), "\(received.text)")
        #expect(received.text.contains("\"followed\""), "\(received.text)")
    }

    @Test func theDashboardShowsWhatTheLoginUserMayReadAndNothingMore() throws {
        let fixture = try Fixture()
        let reader = try fixture.dashboard(as: fixture.reader)
        defer { reader.stop() }
        let page = try reader.get("/?as-of=2026-02-15")
        #expect(page.status == 200 && page.body.contains("data-kr=\"KR-1\""), "a reader sees the quarter over ssh: \(page)")
        let api = try reader.get("/api/status?cycle=2026-Q1&as-of=2026-02-15T00:00:00Z&known-at=2030-01-01T00:00:00Z")
        let cli = try fixture.okrctl(as: fixture.reader, "status", "--cycle", "2026-Q1", "--as-of", "2026-02-15T00:00:00Z",
                                     "--known-at", "2030-01-01T00:00:00Z", "--json")
        #expect(api.body + "\n" == cli.stdout, "the same JSON as okrctl over the same tunnel")
        #expect(try reader.get("/", method: "POST").status == 405, "and nothing to write with")
        // Live updates follow the log through the tunnel, as the reader.
        let events = try EventStreamReader(port: reader.port)
        #expect(events.waitFor("retry: 1000", seconds: 5), "\(events.text)")
        _ = events.waitFor("never", seconds: 1.5)
        #expect(try fixture.daemon.okrctl("observe", "onboarding.completion", "71").status == 0)
        #expect(events.waitFor("event: commit", seconds: 3), "a commit reaches the page through ssh: \(events.text)")

        let stranger = try fixture.dashboard(as: fixture.stranger)
        defer { stranger.stop() }
        let refused = try stranger.get("/?as-of=2026-02-15")
        #expect(refused.status == 403 && refused.body.contains("reader"), "no role: 403 naming the role needed: \(refused)")
        #expect(!refused.body.contains("data-kr"), "and nothing of the OKRs")
        #expect(try stranger.get("/api/status").status == 403)
    }

    @Test func anAssistantOverSSHReadsAsTheLoginUserAndIsRefusedWrites() throws {
        try #require(MCPClient.available, "the MCP tests need the Python SDK: `make deps` installs it in .build/test-venv")
        let fixture = try Fixture()
        let before = try fixture.daemon.lastSeq
        let answer = try MCPClient.run([DaemonProcess.okrctl, "--host", "ssh://\(fixture.reader)@127.0.0.1:\(fixture.port)", "mcp"], calls: [
            ["tool": "status", "arguments": ["cycle": "2026-Q1"]],
            ["tool": "checkin", "arguments": ["kr": "KR-1", "confidence": 3, "note": "should not land"]],
        ], environment: ["OKR_SSH": fixture.sshCommand, "OKR_SOCKET": "/nonexistent/okrd.sock"])
        let results = answer["results"] as? [[String: Any]] ?? []
        #expect(results.first?["isError"] as? Bool == false && (results.first?["text"] as? String)?.contains("onboarding.completion") == true,
                "a reader reads through ssh: \(answer)")
        #expect(results.last?["isError"] as? Bool == true && (results.last?["text"] as? String)?.contains("role") == true,
                "and a check-in is a tool error naming the role: \(answer)")
        #expect(try fixture.daemon.lastSeq == before, "nothing appended")
    }

    @Test func sshFailuresAreExitTwoWithSSHsOwnMessage() throws {
        let fixture = try Fixture()
        let closedPort = try DaemonProcess.run(DaemonProcess.okrctl, ["--host", "ssh://\(fixture.reader)@127.0.0.1:1", "ping"],
                                               environment: ["OKR_SSH": fixture.sshCommand])
        #expect(closedPort.status == 2, "\(closedPort)")
        #expect(closedPort.stderr.contains("Connection refused"), "ssh's own words: \(closedPort.stderr)")
        let unknownUser = try DaemonProcess.run(DaemonProcess.okrctl, ["--host", "ssh://nosuchuser@127.0.0.1:\(fixture.port)", "ping"],
                                                environment: ["OKR_SSH": fixture.sshCommand])
        #expect(unknownUser.status == 2, "\(unknownUser)")
        #expect(unknownUser.stderr.contains("Permission denied"), "\(unknownUser.stderr)")
    }
}

/// The parts of `--host` and `dial-stdio` that need no sshd.
@Suite struct HostOptionTests {
    @Test(arguments: ["http://server", "server", "ssh://", "ssh://user@", "ssh://server:0", "ssh://server:99999", "ssh://-oProxyCommand=x",
                      "ssh://us er@server", "ssh://server:22/path"])
    func anotherFormIsAUsageErrorNamingTheAcceptedOne(_ host: String) throws {
        let result = try DaemonProcess.run(DaemonProcess.okrctl, ["--host", host, "ping"])
        #expect(result.status == 1, "\(host): \(result)")
        #expect(result.stderr.contains("ssh://[USER@]HOST[:PORT]"), "\(result.stderr)")
        let fromEnvironment = try DaemonProcess.run(DaemonProcess.okrctl, ["ping"], environment: ["OKR_HOST": host])
        #expect(fromEnvironment.status == 1 && fromEnvironment.stderr.contains("$OKR_HOST"), "\(fromEnvironment)")
    }

    @Test func dialStdioWithNoDaemonIsExitTwoNamingTheSocket() throws {
        let result = try DaemonProcess.run(DaemonProcess.okrctl, ["dial-stdio", "--socket", "/nonexistent/okrd.sock"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("/nonexistent/okrd.sock"), "\(result.stderr)")
    }

    @Test func dialStdioRelaysRequestsAndAnswersInOrder() throws {
        let daemon = try DaemonProcess()
        let requests = (1...50).map { #"{"jsonrpc":"2.0","method":"ping","id":\#($0)}"# }.joined(separator: "\n") + "\n"
        let result = try DaemonProcess.run(DaemonProcess.okrctl, ["dial-stdio", "--socket", daemon.socketPath], input: requests)
        #expect(result.status == 0, "\(result)")
        let ids = result.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? Int
        }
        #expect(ids == Array(1...50), "every answer, in order, after stdin closed")
    }

    @Test func anUnreachableSSHCommandIsExitTwo() throws {
        let result = try DaemonProcess.run(DaemonProcess.okrctl, ["--host", "ssh://server", "ping"],
                                           environment: ["OKR_SSH": "/nonexistent/ssh"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("/nonexistent/ssh"), "\(result.stderr)")
    }
}
