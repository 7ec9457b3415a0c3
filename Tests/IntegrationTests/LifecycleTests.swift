import Foundation
import OKRTestSupport
import OKREvents
import OKRWire
import Testing

/// Restarts, crashes, a second instance, the daemon's own insight expiry, and following the log.
@Suite(.serialized) struct LifecycleTests {
    static func statusJSON(_ daemon: DaemonProcess) throws -> String {
        let result = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15", "--known-at", "2030-01-01")
        guard result.status == 0 else { throw DaemonError(message: "\(result)") }
        return result.stdout
    }

    @Test(arguments: [SIGTERM, SIGKILL])
    func aRestartGivesTheSameStatus(signal: Int32) throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let before = try Self.statusJSON(daemon)
        let seq = try daemon.lastSeq
        let status = daemon.stop(signal: signal)
        if signal == SIGTERM {
            #expect(status == 0, "graceful stop exits 0: \(daemon.stderr)")
            #expect(daemon.stderr.contains("event log closed"))
            #expect(!FileManager.default.fileExists(atPath: daemon.socketPath), "the socket file is removed")
        }
        try daemon.start()
        #expect(try daemon.lastSeq == seq)
        #expect(try Self.statusJSON(daemon) == before)
        #expect(try daemon.okrctl("verify").status == 0)
    }

    @Test func aSecondOkrdOnTheSameDataIsRefused() throws {
        let daemon = try DaemonProcess()
        let second = try DaemonProcess.run(DaemonProcess.okrd, ["--data", daemon.dataPath, "--socket", daemon.directory.appending("second.sock")])
        #expect(second.status != 0)
        #expect(second.stderr.contains("another process"), "\(second)")
        #expect(try daemon.lastSeq == 0, "the first keeps serving")
    }

    @Test func aSecondOkrdOnTheSameSocketIsRefused() throws {
        let daemon = try DaemonProcess()
        let other = TemporaryDirectory("okrd-other")
        let second = try DaemonProcess.run(DaemonProcess.okrd, ["--data", other.appending("data"), "--socket", daemon.socketPath])
        #expect(second.status != 0)
        #expect(second.stderr.contains("another okrd is listening"), "\(second)")
        #expect(try WireClient(path: daemon.socketPath).call("ping", as: PingResult.self).ok)
    }

    @Test func aStaleSocketFileIsReplacedButASymlinkIsNot() throws {
        let daemon = try DaemonProcess()
        daemon.stop(signal: SIGKILL)
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath), "kill -9 leaves the socket file")
        try daemon.start()
        daemon.stop()
        let target = daemon.directory.appending("target")
        _ = FileManager.default.createFile(atPath: target, contents: Data("keep".utf8))
        try FileManager.default.createSymbolicLink(atPath: daemon.socketPath, withDestinationPath: target)
        #expect(throws: DaemonError.self) { try daemon.start() }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
    }

    @Test func theDaemonExpiresAnInsightWithinTwoSecondsOfItsExpiry() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let expiry = Instant(secondsSinceEpoch: (Date().timeIntervalSince1970 + 1.5).rounded(.down))
        #expect(try daemon.okrctl("insight", "add", "Short-lived finding", "--on", "O-1", "--expires", expiry.rfc3339).status == 0)
        let deadline = expiry.adding(seconds: 2)
        var expired: StoredEvent?
        while Instant.now() < deadline.adding(seconds: 1), expired == nil {
            expired = try daemon.call("log", LogParams(type: .insightExpired), as: LogResult.self).events.first
            if expired == nil { usleep(100_000) }
        }
        let event = try #require(expired, "no InsightExpired within 3 s of the expiry")
        #expect(event.actor == "okrd")
        #expect(event.effectiveAt == expiry)
        #expect(event.recordedAt <= deadline, "recorded \(event.recordedAt), expiry \(expiry)")
        let listed = try daemon.okrctl("insight", "list", "--expired", "--json").json()
        #expect((listed["insights"] as? [[String: Any]])?.map { $0["id"] as? String } == ["I-2"])
    }

    @Test func anInsightThatExpiredWhileTheDaemonWasDownIsRecordedAtStart() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        let expiry = Instant(secondsSinceEpoch: (Date().timeIntervalSince1970 + 1).rounded(.down))
        #expect(try daemon.okrctl("insight", "add", "Finding", "--on", "O-1", "--expires", expiry.rfc3339).status == 0)
        daemon.stop()
        let stoppedAt = Instant.now()
        usleep(2_000_000)
        try daemon.start()
        usleep(500_000)
        let events = try daemon.call("log", LogParams(type: .insightExpired), as: LogResult.self).events
        #expect(events.count == 1)
        #expect(events.first?.effectiveAt == expiry)
        #expect((events.first?.recordedAt ?? .distantPast) > stoppedAt, "recorded after the restart")
    }

    @Test func anInsightImportedAlreadyExpiredExpiresAtOnce() throws {
        let daemon = try DaemonProcess()
        try Walkthrough.enter(into: daemon)
        #expect(try daemon.okrctl("insight", "add", "Old finding", "--on", "KR-2", "--expires", "2025-06-01").status == 0)
        usleep(1_500_000)
        let events = try daemon.call("log", LogParams(type: .insightExpired), as: LogResult.self).events
        #expect(events.map(\.effectiveAt) == [Instant(rfc3339: "2025-06-01")!])
    }

    @Test func logFollowStreamsEventsAsTheyAreCommitted() throws {
        let daemon = try DaemonProcess()
        #expect(try daemon.okrctl("observe", "signups", "41").status == 0)
        let follower = try Follower(["log", "--follow", "--json", "--since", "0", "--socket", daemon.socketPath])
        defer { follower.stop() }
        let received = follower.received
        #expect(received.waitForLines(1, seconds: 10), "the backlog arrives: \(received.text)")
        #expect(try daemon.okrctl("observe", "signups", "42", "--key", "first").status == 0)
        #expect(try daemon.okrctl("observe", "signups", "43").status == 0)
        #expect(received.waitForLines(3, seconds: 10), "live events arrive: \(received.text)")
        let events = try received.text.split(separator: "\n").map { try JSONDecoder().decode(StoredEvent.self, from: Data($0.utf8)) }
        #expect(events.map(\.seq) == [1, 2, 3])
        #expect(events.allSatisfy { $0.type == .metricObserved })
    }
}

/// Text arriving from another process, collected off the main thread.
final class ReceivedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until `count` complete lines arrived, or the time is up.
    func waitForLines(_ count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if text.filter({ $0 == "\n" }).count >= count { return true }
            usleep(20_000)
        }
        return false
    }
}
