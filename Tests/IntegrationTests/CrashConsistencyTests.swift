import Foundation
import OKREvents
import OKRTestSupport
import OKRWire
import Testing

/// Issue 7, test 1: okrd killed with SIGKILL at random moments under 32 concurrent writers loses
/// no acknowledged event, counts no retried one twice, and comes back to the same projections a
/// full replay gives. `make torture` runs the long form (``Torture``).
@Suite(.serialized) struct CrashConsistencyTests {
    static let writerCount = 32

    @Test func killedAtRandomUnderThirtyTwoWritersNothingAcknowledgedIsLostOrDoubled() throws {
        let iterations = Torture.iterations(short: 10, long: 200)
        let directory = TemporaryDirectory("okrd-crash")
        let config = directory.appending("okrd.toml")
        // Snapshots every 1,000 events, so kills land before, during and after them.
        try "[snapshots]\nevery_events = 1000\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        try Self.define(daemon)
        let setupEvents = try daemon.lastSeq

        let writers = CrashWriters(socketPath: daemon.socketPath, count: Self.writerCount)
        writers.start()
        var kills = 0
        for _ in 0..<iterations {
            let before = writers.acknowledged
            usleep(UInt32.random(in: 30_000...300_000))
            // Kill only once this life of the daemon has acknowledged something.
            let deadline = Date().addingTimeInterval(20)
            while writers.acknowledged == before, Date() < deadline, writers.unexpected.isEmpty { usleep(2_000) }
            try #require(writers.acknowledged > before, "no progress after restart \(kills): \(writers.unexpected) \(daemon.stderr.suffix(2000))")
            daemon.stop(signal: SIGKILL)
            kills += 1
            try daemon.start()
        }
        let done = writers.stop()
        try #require(writers.unexpected.isEmpty, "\(writers.unexpected)")
        let operations = done.reduce(0, +)
        #expect(operations > iterations * Self.writerCount / 4, "too little load to mean anything: \(operations)")

        let events = try Self.wholeLog(daemon)
        // Gap-free seqs from 1, and nothing but what was acknowledged (each exactly once).
        #expect(events.map(\.seq) == Array(1...UInt64(events.count)))
        #expect(events.count == Int(setupEvents) + operations, "\(events.count) events for \(operations) acknowledged operations")
        let counts = Self.occurrences(in: events)
        var missing: [String] = []
        var doubled: [String] = []
        for writer in 0..<Self.writerCount {
            for operation in 0..<done[writer] {
                let name = Self.name(of: operation, writer)
                switch counts[name, default: 0] {
                case 1: continue
                case 0: missing.append(name)
                default: doubled.append(name)
                }
            }
        }
        #expect(missing.isEmpty, "acknowledged but not in the log: \(missing.prefix(20))")
        #expect(doubled.isEmpty, "in the log more than once: \(doubled.prefix(20))")

        let verify = try daemon.okrctl("verify")
        #expect(verify.status == 0, "\(verify)")

        // The projections okrd rebuilt from its snapshot and the log's tail after the last kill,
        // then kept up live, equal those of a full replay.
        let asOf = Self.secondsFromNow(1)
        usleep(1_100_000)
        let live = try daemon.okrctl("status", "--json", "--as-of", asOf, "--known-at", asOf)
        try #require(live.status == 0, "\(live)")
        daemon.stop()
        try daemon.start("--discard-snapshot")
        let replayed = try daemon.okrctl("status", "--json", "--as-of", asOf, "--known-at", asOf)
        // okrd writes status with sorted keys: equal projections give equal bytes.
        let same = live.stdout == replayed.stdout
        if !same {
            try? live.stdout.write(toFile: "/tmp/okr-crash-live.json", atomically: true, encoding: .utf8)
            try? replayed.stdout.write(toFile: "/tmp/okr-crash-replayed.json", atomically: true, encoding: .utf8)
        }
        #expect(same, "status after restart differs from a full replay (/tmp/okr-crash-live.json, /tmp/okr-crash-replayed.json)")
        print("crash harness: \(kills) kills, \(operations) acknowledged operations, \(events.count) events, \(missing.count) lost, \(doubled.count) doubled")
    }

    /// A cycle around today and the objective the writers' KRs belong to.
    static func define(_ daemon: DaemonProcess) throws {
        let day: (Double) -> String = { offset in
            String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(offset * 86_400)).prefix(10))
        }
        try daemon.run([["cycle", "add", "crash", "--start", day(-30), "--end", day(60)],
                        ["objective", "add", "Survive every crash", "--cycle", "crash", "--team", "core"]])
    }

    /// Every event, read through the protocol in pages.
    static func wholeLog(_ daemon: DaemonProcess) throws -> [StoredEvent] {
        let client = try WireClient(path: daemon.socketPath)
        var events: [StoredEvent] = []
        while true {
            let page = try client.call("log", LogParams(since: events.last?.seq ?? 0, limit: 10_000), as: LogResult.self).events
            if page.isEmpty { return events }
            events += page
        }
    }

    /// How often each writer operation's trace occurs in the log, by ``name(of:_:)``.
    static func occurrences(in events: [StoredEvent]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for event in events {
            switch event.payload {
            case .metricObserved(let observation):
                if let key = observation.key { counts["observe " + key, default: 0] += 1 }
            case .keyResultCreated(let created):
                counts["kr " + created.id, default: 0] += 1
            case .checkInRecorded(let checkIn):
                if let note = checkIn.note { counts["checkin " + note, default: 0] += 1 }
            default:
                continue
            }
        }
        return counts
    }

    /// The trace operation `operation` of `writer` leaves (see ``CrashWriters``).
    static func name(of operation: Int, _ writer: Int) -> String {
        switch operation % 3 {
        case 0: "observe " + CrashWriters.observationKey(writer, operation)
        case 1: "kr " + CrashWriters.keyResult(writer, operation)
        default: "checkin " + CrashWriters.note(writer, operation)
        }
    }

    static func secondsFromNow(_ seconds: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + seconds).rounded(.up)))
    }
}
