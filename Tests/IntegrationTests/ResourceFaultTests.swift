import Foundation
import OKRTestSupport
import OKRWire
import Synchronization
import Testing

/// Resource faults (issue 7, test 4): a map that fills up, a disk that fills up, a flood of idle
/// and half-sent connections, and a follower that stops reading. Each against the real okrd.
@Suite(.serialized) struct ResourceFaultTests {
    /// One `observe` request line with `count` keyed observations of `metric`.
    static func batch(_ metric: String, from first: Int, count: Int, id: Int) -> [UInt8] {
        let items = (first..<first + count).map { #"{"metric":"\#(metric)","value":\#($0),"key":"\#(metric)-\#($0)"}"# }
        return Array(#"{"jsonrpc":"2.0","method":"observe","params":{"observations":[\#(items.joined(separator: ","))]},"id":\#(id)}"#.utf8) + [10]
    }

    static func object(_ line: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
    }

    static func config(_ text: String, in directory: TemporaryDirectory) throws -> [String] {
        let path = directory.appending("okrd.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return ["--config", path]
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    // MARK: Storage

    @Test func aMapFillingUpUnderLoadGrowsAndEveryWriteIsAcknowledged() throws {
        let directory = TemporaryDirectory("okrd-map")
        let daemon = try DaemonProcess(arguments: try Self.config("[storage]\nmap_size_mib = 1\n", in: directory), directory: directory)
        let writers = 8, batches = 25, size = 200
        let acknowledged = Mutex(0), failures = Mutex<[String]>([]), reads = Mutex(0)
        let writing = Atomic(true)
        let socketPath = daemon.socketPath
        let reader = Thread {
            guard let client = try? RawSocket(path: socketPath) else { return }
            while writing.load(ordering: .relaxed) {
                client.send(#"{"jsonrpc":"2.0","method":"status","id":1}"# + "\n")
                guard case .line(let line) = client.readLine(within: 30), line.contains("\"result\"") else {
                    return failures.withLock { $0.append("status went unanswered while the map grew") }
                }
                reads.withLock { $0 += 1 }
            }
        }
        reader.start()
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let client = try RawSocket(path: socketPath)
                for number in 0..<batches {
                    client.send(Self.batch("map.w\(writer)", from: number * size, count: size, id: number))
                    guard case .line(let line) = client.readLine(within: 30) else { throw DaemonError(message: "no answer") }
                    guard let result = Self.object(line)["result"] as? [String: Any], let appended = result["appended"] as? Int else {
                        throw DaemonError(message: line)
                    }
                    acknowledged.withLock { $0 += appended }
                }
            } catch { failures.withLock { $0.append("writer \(writer): \(error)") } }
        }
        writing.store(false, ordering: .relaxed)
        while !reader.isFinished { usleep(10_000) }

        #expect(failures.withLock { $0 } == [])
        #expect(acknowledged.withLock { $0 } == writers * batches * size)
        #expect(try daemon.lastSeq == UInt64(writers * batches * size))
        #expect(reads.withLock { $0 } > 0, "status answered while the map grew")
        #expect(Self.fileSize(daemon.dataPath + "/data.mdb") > 1 << 20, "the data file outgrew the 1 MiB map it started with")
        #expect(try daemon.okrctl("verify").status == 0)
    }

    @Test(.enabled(if: SmallDisk.isAvailable, "skipped: needs root to mount a small tmpfs"))
    func aFullDiskIsStorageFullKeepsNothingUnacknowledgedServesReadsAndRecovers() throws {
        let directory = TemporaryDirectory("okrd-full")
        let disk = try SmallDisk(at: directory.appending("data"), size: "3m")
        let daemon = try DaemonProcess(directory: directory)
        defer { daemon.stop() }
        #expect(daemon.dataPath == disk.path)

        // Four writers send batches until each is told the disk is full.
        let acknowledged = Mutex(0), refusals = Mutex<[String]>([])
        let socketPath = daemon.socketPath
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            guard let client = try? RawSocket(path: socketPath) else { return }
            for number in 0..<10_000 {
                client.send(Self.batch("disk.w\(writer)", from: number * 100, count: 100, id: number))
                guard case .line(let line) = client.readLine(within: 30) else { break }
                let answer = Self.object(line)
                if let appended = (answer["result"] as? [String: Any])?["appended"] as? Int {
                    acknowledged.withLock { $0 += appended }
                } else {
                    refusals.withLock { $0.append(line) }
                    break
                }
            }
        }
        let told = refusals.withLock { $0 }
        #expect(told.count == 4, "every writer was told: \(told)")
        for line in told {
            let error = Self.object(line)["error"] as? [String: Any]
            #expect(error?["code"] as? Int == 1003, "\(line)")
            #expect((error?["message"] as? String)?.contains("storage full") == true, "\(line)")
            #expect((error?["message"] as? String)?.contains("nothing was appended") == true, "\(line)")
        }
        let kept = acknowledged.withLock { $0 }
        #expect(kept > 1_000)
        #expect(try daemon.lastSeq == UInt64(kept), "exactly what was acknowledged is in the log")

        // Reads go on; a write that does not fit is refused with the reason, and appends nothing.
        #expect(try daemon.okrctl("status").status == 0)
        #expect(try daemon.okrctl("log", "--limit", "1", "--json").status == 0)
        let rows = "metric,value,key\n" + (0..<2_000).map { "disk.after,\($0),after-\($0)\n" }.joined()
        let refused = try daemon.okrctl("observe", "--file", "-", "--json", input: rows)
        #expect(refused.status == 3)
        let summary = try refused.json()
        let rejected = summary["rejected"] as? [[String: Any]] ?? []
        #expect(rejected.first.flatMap { $0["error"] as? String }?.contains("storage full: the file system holding \(disk.path) has no room") == true,
                "\(refused)")
        let partly = summary["appended"] as? Int ?? -1
        #expect(partly < 2_000)
        #expect(try daemon.lastSeq == UInt64(kept + partly), "only the batches okrd acknowledged are in the log")

        // Space returns: the same file again, without a restart; its keys skip what went in.
        try disk.resize(to: "64m")
        let again = try daemon.okrctl("observe", "--file", "-", "--json", input: rows)
        #expect(again.status == 0, "\(again)")
        #expect(try again.json()["duplicates"] as? Int == partly)
        #expect(try daemon.lastSeq == UInt64(kept + 2_000))
        #expect(try daemon.okrctl("verify").status == 0)
        daemon.stop()
        try daemon.start()
        #expect(try daemon.lastSeq == UInt64(kept + 2_000))
    }

    // MARK: Connections

    /// The flood comes from root (this process); the person kept working is another user, since
    /// okrd shares its connection limit out by user.
    @Test(.enabled(if: canManageUsers, "skipped: needs root with useradd and runuser for a second user"))
    func tenThousandIdleConnectionsAndASlowlorisDoNotKeepOthersOut() throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let flood = Torture.iterations(short: 10_000, long: 15_000)
        try #require(Int(limit.rlim_cur) > flood + 200, "this test needs \(flood + 200) open files")

        let user = "okrtflood\(getpid())"
        _ = try DaemonProcess.run("/usr/sbin/useradd", ["-M", "-N", "-s", "/bin/sh", user])
        defer { _ = try? DaemonProcess.run("/usr/sbin/userdel", [user]) }
        let directory = TemporaryDirectory("okrd-flood")
        chmod(directory.path, 0o755)
        let config = "[socket]\nidle_timeout_seconds = 2\nmode = \"0666\"\n[access]\nreader_users = [\"\(user)\"]\n"
        let daemon = try DaemonProcess(arguments: try Self.config(config, in: directory), directory: directory)

        // A slowloris: one byte of a request every 100 ms, never a whole line.
        let socketPath = daemon.socketPath
        let slowlorisClosedAfter = Mutex<Double?>(nil)
        let started = Date()
        let trickle = Thread {
            guard let slowloris = try? RawSocket(path: socketPath) else { return }
            for byte in Array(#"{"jsonrpc":"2.0","method":"ping","params":{"padding":""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 400) {
                if !slowloris.send([byte]) || slowloris.readLine(within: 0.1) == .closed {
                    slowlorisClosedAfter.withLock { $0 = Date().timeIntervalSince(started) }
                    return
                }
            }
        }
        trickle.start()

        // Someone else keeps working: okrctl ping, again and again, as another user.
        let pings = Mutex<(answered: Int, failed: [String])>((0, []))
        let flooding = Atomic(true)
        let pinger = Thread {
            while flooding.load(ordering: .relaxed) {
                let ping = try? DaemonProcess.run("/usr/sbin/runuser", ["-u", user, "--", "/usr/bin/env", "OKR_SOCKET=\(socketPath)",
                                                                        SharedBinaries.okrctl, "ping"])
                pings.withLock { if ping?.status == 0 { $0.answered += 1 } else { $0.failed.append("\(String(describing: ping))") } }
            }
        }
        pinger.start()

        var idle: [RawSocket] = []
        idle.reserveCapacity(flood)
        for _ in 0..<flood { idle.append(try RawSocket(path: daemon.socketPath)) }
        let first = idle[0].readLine(within: 10)
        flooding.store(false, ordering: .relaxed)
        while !pinger.isFinished || !trickle.isFinished { usleep(10_000) }

        let (answered, failed) = pings.withLock { $0 }
        #expect(failed == [], "\(answered) pings answered during the flood")
        #expect(answered > 0)
        guard case .line(let told) = first else { Issue.record("the longest-idle connection was not told: \(first)"); return }
        #expect(Self.object(told)["error"].flatMap { ($0 as? [String: Any])?["code"] as? Int } == 1007, "\(told)")
        #expect(told.contains("connection limit (256) and this was the longest-idle connection of the user holding the most"), "\(told)")
        #expect(idle[0].readLine(within: 5) == .closed)
        let closedAfter = slowlorisClosedAfter.withLock { $0 }
        #expect(closedAfter.map { $0 < 10 } == true, "the slowloris was cut off by the 2 s idle timeout, not served forever: \(String(describing: closedAfter))")
        idle.removeAll()
        #expect(try daemon.okrctl("ping").status == 0)
    }

    // MARK: Followers

    /// Writes `commits` batches of 20 observations on one connection; how long it took.
    static func write(_ daemon: DaemonProcess, commits: Int, metric: String) throws -> Double {
        let client = try RawSocket(path: daemon.socketPath)
        let started = Date()
        for number in 0..<commits {
            client.send(batch(metric, from: number * 20, count: 20, id: number))
            guard case .line(let line) = client.readLine(within: 30), line.contains("\"appended\":20") else {
                throw DaemonError(message: "batch \(number) of \(metric) was not acknowledged")
            }
        }
        return Date().timeIntervalSince(started)
    }

    @Test func aFollowerThatStopsReadingStallsNeitherTheWriterNorTheDataFile() throws {
        let directory = TemporaryDirectory("okrd-follow")
        let daemon = try DaemonProcess(arguments: try Self.config("[socket]\nidle_timeout_seconds = 60\n", in: directory), directory: directory)
        let data = daemon.dataPath + "/data.mdb"
        let commits = 800

        let sizeBefore = Self.fileSize(data)
        let alone = try Self.write(daemon, commits: commits, metric: "follow.before")
        let grownAlone = Self.fileSize(data) - sizeBefore

        let follower = try RawSocket(path: daemon.socketPath, receiveBuffer: 4096)
        let since = try daemon.lastSeq
        follower.send(#"{"jsonrpc":"2.0","method":"log.follow","params":{"since":\#(since)},"id":1}"# + "\n")
        usleep(200_000)
        let sizeStalled = Self.fileSize(data)
        let stalled = try Self.write(daemon, commits: commits, metric: "follow.stalled")
        let grownStalled = Self.fileSize(data) - sizeStalled

        #expect(stalled < alone * 3 + 2, "the writer was not held up: \(stalled) s with a stalled follower, \(alone) s without")
        #expect(grownStalled <= grownAlone * 2 + (1 << 20),
                "no pages pinned for the follower: the file grew \(grownStalled) bytes with it, \(grownAlone) without")

        // Reading at last, the follower gets a gap-free run of events, then is told it fell behind.
        guard case .line(let answer) = follower.readLine(within: 10) else { Issue.record("no answer to log.follow"); return }
        #expect(answer.contains("\"result\""), "\(answer)")
        var expected = since + 1
        var last: [String: Any] = [:]
        while case .line(let line) = follower.readLine(within: 10) {
            last = Self.object(line)
            guard let event = last["params"] as? [String: Any], let seq = event["seq"] as? Int else { break }
            #expect(UInt64(seq) == expected, "events arrive in order without a gap")
            if UInt64(seq) != expected { return }
            expected += 1
        }
        let error = last["error"] as? [String: Any]
        #expect(error?["code"] as? Int == 1007, "\(last)")
        #expect(((error?["data"] as? [String: Any])?["since"] as? Int).map(UInt64.init) == expected - 1, "since names the last event sent")
        #expect(follower.readLine(within: 5) == .closed)
        #expect(try daemon.lastSeq == UInt64(2 * commits * 20))
    }

    @Test func aFollowerThatTakesNothingForTheIdleTimeoutIsDisconnected() throws {
        let directory = TemporaryDirectory("okrd-stall")
        let daemon = try DaemonProcess(arguments: try Self.config("[socket]\nidle_timeout_seconds = 1\n", in: directory), directory: directory)
        let follower = try RawSocket(path: daemon.socketPath, receiveBuffer: 4096)
        follower.send(#"{"jsonrpc":"2.0","method":"log.follow","params":{},"id":1}"# + "\n")
        usleep(200_000)
        _ = try Self.write(daemon, commits: 150, metric: "stall")
        sleep(3)
        var lines = 0
        var end = RawSocket.Read.timedOut
        while true {
            end = follower.readLine(within: 5)
            guard case .line = end else { break }
            lines += 1
        }
        #expect(end == .closed, "okrd let go of a follower that took nothing for longer than the idle timeout (after \(lines) lines)")
        #expect(lines < 3_000, "it was cut off, not drained")
        #expect(try daemon.okrctl("ping").status == 0)
    }
}
