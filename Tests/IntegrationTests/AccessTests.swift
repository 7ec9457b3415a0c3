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
