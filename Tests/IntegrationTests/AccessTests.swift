import Foundation
import OKRTestSupport
import Testing

/// Whether this run may create Unix users (root, with useradd and runuser: CI runs as root).
let canManageUsers = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")
    && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")

/// Roles with real Unix users and groups (created and removed here; needs root, as in CI).
@Suite(.serialized, .enabled(if: canManageUsers, "skipped: needs root with useradd and runuser to create test users"))
struct AccessTests {
    static let suffix = String(getpid())
    static func name(_ role: String) -> String { "okrt\(role.prefix(4))\(suffix)" }

    /// Users for each role, a group whose members are writers, and one user listed nowhere.
    final class Fixture {
        let daemon: DaemonProcess
        let users = ["reader", "observer", "writer", "grouped", "nobody"].map(AccessTests.name)
        let group = "okrtg\(AccessTests.suffix)"

        init(socket: String = "mode = \"0666\"") throws {
            _ = try DaemonProcess.run("/usr/sbin/groupadd", [group])
            for user in users {
                let extra = user == AccessTests.name("grouped") ? ["-G", group] : []
                _ = try DaemonProcess.run("/usr/sbin/useradd", ["-M", "-N", "-s", "/bin/sh"] + extra + [user])
            }
            let directory = TemporaryDirectory("okrd-access")
            chmod(directory.path, 0o755)
            let config = directory.appending("okrd.toml")
            try """
            [socket]
            \(socket.replacingOccurrences(of: "GROUP", with: group))
            [access]
            reader_users = ["\(AccessTests.name("reader"))"]
            observer_users = ["\(AccessTests.name("observer"))"]
            writer_users = ["\(AccessTests.name("writer"))"]
            writer_groups = ["\(group)"]
            """.write(toFile: config, atomically: true, encoding: .utf8)
            daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
            #expect(try daemon.okrctl("cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31").status == 0)
        }

        deinit {
            daemon.stop()
            for user in users { _ = try? DaemonProcess.run("/usr/sbin/userdel", [user]) }
            _ = try? DaemonProcess.run("/usr/sbin/groupdel", [group])
        }

        /// okrctl run as `user`.
        func okrctl(as user: String, _ arguments: String...) throws -> CommandResult {
            try DaemonProcess.run("/usr/sbin/runuser", ["-u", user, "--", "/usr/bin/env", "OKR_SOCKET=\(daemon.socketPath)", "NO_COLOR=1",
                                                        SharedBinaries.okrctl] + arguments)
        }
    }

    @Test func eachRoleDoesWhatItMayAndIsToldWhatItNeedsOtherwise() throws {
        let fixture = try Fixture()
        let reader = Self.name("reader"), observer = Self.name("observer"), writer = Self.name("writer")
        let before = try fixture.daemon.lastSeq

        #expect(try fixture.okrctl(as: reader, "status").status == 0)
        let readerObserves = try fixture.okrctl(as: reader, "observe", "m", "1")
        #expect(readerObserves.status == 3)
        #expect(readerObserves.stderr.contains("permission denied: observe needs the observer role; \(reader) has reader"), "\(readerObserves)")

        #expect(try fixture.okrctl(as: observer, "observe", "m", "1").status == 0)
        let observerReads = try fixture.okrctl(as: observer, "status")
        #expect(observerReads.status == 3)
        #expect(observerReads.stderr.contains("needs the reader role"))
        #expect(try fixture.okrctl(as: observer, "cycle", "add", "Q9", "--start", "2026-04-01", "--end", "2026-06-30").status == 3)

        #expect(try fixture.okrctl(as: writer, "objective", "add", "Delight", "--cycle", "2026-Q1", "--team", "growth").status == 0)
        #expect(try fixture.okrctl(as: Self.name("grouped"), "observe", "m", "2").status == 0, "writer through its group")
        let writerVerifies = try fixture.okrctl(as: writer, "verify")
        #expect(writerVerifies.stderr.contains("needs the admin role"))

        let nobody = try fixture.okrctl(as: Self.name("nobody"), "ping")
        #expect(nobody.status == 3)
        #expect(nobody.stderr.contains("has none"))
        #expect(try fixture.daemon.lastSeq == before + 3, "refusals appended nothing")
    }

    /// SPEC §8 "Roles": a role taken away by SIGHUP applies to connections already open, and a
    /// `log.follow` of a user who lost it gets 1002 with its id, is closed, and sees no later event.
    @Test func aRoleTakenAwayByAReloadAppliesToConnectionsAlreadyOpen() throws {
        let fixture = try Fixture()
        let writer = Self.name("writer"), reader = Self.name("reader")
        let config = fixture.daemon.directory.appending("okrd.toml")
        let shared = fixture.daemon.directory.appending("handshake")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        chmod(shared, 0o777)
        // One connection each, opened before the reload: a writer's that writes, then waits and
        // writes again; a reader's that follows the log. Each prints every line it receives.
        let script = """
            import socket,sys,os,time
            s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f=s.makefile('rb')
            s.sendall(sys.argv[2].encode()+b"\\n"); print(f.readline().decode().strip(), flush=True)
            open(sys.argv[4]+'/ready-'+sys.argv[5],'w').close()
            while not os.path.exists(sys.argv[4]+'/go'): time.sleep(0.02)
            if sys.argv[3]: s.sendall(sys.argv[3].encode()+b"\\n")
            s.settimeout(5)
            try:
                for line in f: print(line.decode().strip(), flush=True)
            except Exception: pass
            """
        func start(_ user: String, _ first: String, _ second: String, tag: String) throws -> (Process, Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", user, "--", "/usr/bin/python3", "-c", script, fixture.daemon.socketPath, first, second, shared, tag]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            return (process, output)
        }
        let write = #"{"jsonrpc":"2.0","id":1,"method":"objective.add","params":{"title":"Before","cycle":"2026-Q1","team":"growth"}}"#
        let writeAgain = #"{"jsonrpc":"2.0","id":2,"method":"objective.add","params":{"title":"After","cycle":"2026-Q1","team":"growth"}}"#
        let (writing, writingOutput) = try start(writer, write, writeAgain, tag: "w")
        let (following, followingOutput) = try start(reader, #"{"jsonrpc":"2.0","id":"follow-7","method":"log.follow","params":{}}"#, "", tag: "r")
        let ready = Date().addingTimeInterval(10)
        while !(FileManager.default.fileExists(atPath: shared + "/ready-w") && FileManager.default.fileExists(atPath: shared + "/ready-r")),
              Date() < ready { usleep(20_000) }
        let before = try fixture.daemon.lastSeq
        // Take both roles away and reload.
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "reader_users = [\"\(reader)\"]", with: "reader_users = []")
            .replacingOccurrences(of: "writer_users = [\"\(writer)\"]", with: "writer_users = []")
            .write(toFile: config, atomically: true, encoding: .utf8)
        kill(fixture.daemon.process!.processIdentifier, SIGHUP)
        let reloaded = Date().addingTimeInterval(5)
        while !fixture.daemon.stderr.contains("access policy reloaded"), Date() < reloaded { usleep(20_000) }
        // An event committed after the reload must not reach the old follower.
        #expect(try fixture.daemon.okrctl("observe", "m.after", "1").status == 0)
        FileManager.default.createFile(atPath: shared + "/go", contents: nil)
        writing.waitUntilExit()
        following.waitUntilExit()
        let wrote = String(decoding: writingOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let followed = String(decoding: followingOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let writerLines = wrote.split(separator: "\n")
        #expect(writerLines.first?.contains("\"result\"") == true, "\(wrote)")
        #expect(writerLines.dropFirst().first?.contains("\"code\":1002") == true, "the second write on the same connection is refused: \(wrote)")
        let followerLines = followed.split(separator: "\n")
        #expect(followerLines.first?.contains("\"lastSeq\"") == true, "\(followed)")
        #expect(followerLines.last?.contains("\"code\":1002") == true && followerLines.last?.contains("\"id\":\"follow-7\"") == true,
                "the follower is told, with its request's id: \(followed)")
        #expect(!followed.contains("m.after"), "no event committed after the reload reached it: \(followed)")
        #expect(try fixture.daemon.lastSeq == before + 1, "only root's observation was appended")
    }

    @Test func theActorIsThePeerNeverWhatTheRequestClaims() throws {
        let fixture = try Fixture()
        let observer = Self.name("observer")
        let line = #"{"jsonrpc":"2.0","method":"observe","params":{"metric":"m","value":1,"actor":"mallory"},"id":1}"#
        let result = try DaemonProcess.run("/usr/sbin/runuser", ["-u", observer, "--", "/usr/bin/python3", "-c", """
            import socket,sys
            s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()+b"\\n"); print(s.makefile().readline())
            """, fixture.daemon.socketPath, line])
        #expect(result.stdout.contains("\"appended\":1"), "\(result)")
        let log = try fixture.daemon.okrctl("log", "--json", "--type", "MetricObserved")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(events.last?["actor"] as? String == observer)
    }

    @Test func theSocketAndDataFilesHaveTheDocumentedModesAndOnlyTheSocketGroupConnects() throws {
        let fixture = try Fixture(socket: "mode = \"0660\"\ngroup = \"GROUP\"")
        let socket = try Self.status(fixture.daemon.socketPath)
        #expect(socket.st_mode & 0o777 == 0o660)
        #expect(socket.st_gid == getgrnam(fixture.group)?.pointee.gr_gid, "socket.group")
        #expect(try Self.status(fixture.daemon.dataPath).st_mode & 0o777 == 0o700, "the data directory okrd creates")
        for file in ["data.mdb", "lock.mdb"] {
            #expect(try Self.status(fixture.daemon.dataPath + "/" + file).st_mode & 0o777 == 0o600, "\(file)")
        }

        #expect(try fixture.okrctl(as: Self.name("grouped"), "ping").status == 0, "a member of the socket's group")
        let outsider = try fixture.okrctl(as: Self.name("writer"), "ping")
        #expect(outsider.status == 2, "a writer outside the socket's group cannot even connect: \(outsider)")
        #expect(outsider.stderr.contains("Permission denied"), "\(outsider)")
        let peek = try DaemonProcess.run("/usr/sbin/runuser", ["-u", Self.name("grouped"), "--", "/bin/cat", fixture.daemon.dataPath + "/data.mdb"])
        #expect(peek.status != 0 && peek.stdout.isEmpty, "the log is readable by okrd alone: \(peek.stderr)")
    }

    static func status(_ path: String) throws -> stat {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw DaemonError(message: "cannot stat \(path): \(String(cString: strerror(errno)))") }
        return info
    }
}
