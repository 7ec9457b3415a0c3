import Foundation
import OKRTestSupport
import Testing

/// `okrctl metric lead` through the real daemon, checked against numpy and statsmodels
/// (Tests/Lead/reference.py, Debian's python3-statsmodels) on the same observations.
@Suite(.serialized) struct MetricLeadTests {
    /// One observation as the daemon and the reference both take it.
    struct Observation {
        var metric: String
        var seconds: Int64
        var value: Double
    }

    /// `days` days ending yesterday, starting on this day (days since the epoch).
    static func firstDay(_ days: Int) -> Int64 { Int64(Date().timeIntervalSince1970) / 86_400 - Int64(days) }

    /// Observations of the daily values `values` from day `first`: on most days one at a random
    /// hour carrying the day's value, sometimes an earlier one with another value that the
    /// later must win over, sometimes two at the same instant (the later in the log wins), and
    /// one day in eight with none (okr draws a straight line across it).
    static func observations(_ metric: String, _ values: [Double], from first: Int64, random: inout SeededRandom) -> [Observation] {
        var out: [Observation] = []
        for (index, value) in values.enumerated() {
            let day = first + Int64(index)
            let isEnd = index == 0 || index == values.count - 1
            if !isEnd, random.next() % 8 == 0 { continue }
            let hour = Int64(random.next() % 20) + 2
            let at = day * 86_400 + hour * 3_600 + Int64(random.next() % 3_600)
            switch random.next() % 6 {
            case 0: out.append(Observation(metric: metric, seconds: at - 3_600, value: value + 50))
            case 1: out.append(Observation(metric: metric, seconds: at, value: value - 7))
            default: break
            }
            out.append(Observation(metric: metric, seconds: at, value: value))
        }
        return out
    }

    /// Feeds `observations` through `okrctl observe --file -` in log order.
    static func feed(_ observations: [Observation], to daemon: DaemonProcess) throws {
        let csv = "metric,value,at\n" + observations.map {
            "\($0.metric),\($0.value),\(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0.seconds))))"
        }.joined(separator: "\n") + "\n"
        let result = try daemon.okrctl("observe", "--file", "-", input: csv)
        #expect(result.status == 0, "\(result)")
    }

    /// What numpy and statsmodels make of the same observations.
    static func reference(_ a: [Observation], _ b: [Observation], maxLag: Int, in directory: TemporaryDirectory) throws -> [String: Any] {
        let input: [String: Any] = ["a": a.map { [$0.seconds, $0.value] as [Any] }, "b": b.map { [$0.seconds, $0.value] as [Any] },
                                    "maxLag": maxLag]
        let path = directory.appending("lead-input.json")
        try JSONSerialization.data(withJSONObject: input).write(to: URL(fileURLWithPath: path))
        let result = try DaemonProcess.run("/usr/bin/python3", [Self.script, path])
        guard result.status == 0 else { throw DaemonError(message: "reference.py: \(result)") }
        return try result.json()
    }

    static let script: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Lead/reference.py").path
    }()

    static func relativelyClose(_ x: Double?, _ y: Double?, _ tolerance: Double) -> Bool {
        guard let x, let y else { return false }
        return abs(x - y) <= tolerance * max(abs(x), abs(y), .leastNormalMagnitude)
    }

    /// okr's answer matches the reference's: every lag's r and n, the best lag, F and p.
    static func expectSame(_ ours: [String: Any], _ theirs: [String: Any]) throws {
        let ourLags = try #require(ours["lags"] as? [[String: Any]])
        let theirLags = try #require(theirs["lags"] as? [[String: Any]])
        #expect(ourLags.count == theirLags.count)
        for (mine, reference) in zip(ourLags, theirLags) {
            #expect(mine["n"] as? Int == reference["n"] as? Int, "n at lag \(mine["lag"] ?? "?")")
            let (r1, r2) = (mine["r"] as? Double, reference["r"] as? Double)
            #expect((r1 == nil) == (r2 == nil) && abs((r1 ?? 0) - (r2 ?? 0)) <= 1e-9, "r at lag \(mine["lag"] ?? "?"): \(r1 ?? .nan) vs numpy \(r2 ?? .nan)")
        }
        let best = try #require(ours["best"] as? [String: Any])
        let expected = try #require(theirs["best"] as? [String: Any])
        #expect(best["lag"] as? Int == expected["lag"] as? Int, "best lag: \(best) vs \(expected)")
        #expect(best["n"] as? Int == expected["n"] as? Int && best["dfNum"] as? Int == expected["dfNum"] as? Int
                && best["dfDenom"] as? Int == expected["dfDenom"] as? Int, "\(best) vs \(expected)")
        #expect(relativelyClose(best["f"] as? Double, expected["f"] as? Double, 1e-6), "F: \(best["f"] ?? "") vs statsmodels \(expected["f"] ?? "")")
        #expect(relativelyClose(best["p"] as? Double, expected["p"] as? Double, 1e-6), "p: \(best["p"] ?? "") vs statsmodels \(expected["p"] ?? "")")
    }

    @Test func aKnownLeadIsFoundAsStatsmodelsFindsIt() throws {
        var random = SeededRandom(seed: 33)
        let days = 420
        let first = Self.firstDay(days)
        // A is a random walk; B's daily change follows A's of six days before, with noise of its own.
        var shocks: [Double] = []
        var a: [Double] = [1_000]
        var b: [Double] = [50]
        for day in 1..<days {
            shocks.append(random.gaussian() * 20)
            a.append(a[day - 1] + shocks[day - 1])
            let led = day > 6 ? 0.05 * shocks[day - 7] : 0
            b.append(b[day - 1] + led + random.gaussian() * 0.8)
        }
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let observedA = Self.observations("signups", a, from: first, random: &random)
        let observedB = Self.observations("revenue", b, from: first, random: &random)
        try Self.feed(observedA + observedB, to: daemon)
        let result = try daemon.okrctl("metric", "lead", "signups", "revenue", "--json")
        #expect(result.status == 0, "\(result)")
        let ours = try result.json()
        let theirs = try Self.reference(observedA, observedB, maxLag: 30, in: daemon.directory)
        try Self.expectSame(ours, theirs)
        #expect(ours["commonDays"] as? Int == days && theirs["commonDays"] as? Int == days)
        let best = try #require(ours["best"] as? [String: Any])
        #expect(best["lag"] as? Int == 6)
        #expect(ours["leads"] as? Bool == true)
        #expect((ours["verdict"] as? String)?.hasPrefix("signups leads revenue by 6 days (r = ") == true, "\(ours["verdict"] ?? "")")

        // The other way round there is no lead, and the same again with max-lag 60 and a range.
        let reverse = try daemon.okrctl("metric", "lead", "revenue", "signups", "--json", "--max-lag", "60")
        #expect(reverse.status == 0, "\(reverse)")
        try Self.expectSame(try reverse.json(), try Self.reference(observedB, observedA, maxLag: 60, in: daemon.directory))
        #expect(try reverse.json()["verdict"] as? String == "no evidence that revenue leads signups")

        // People read a table and the verdict.
        let text = try daemon.okrctl("metric", "lead", "signups", "revenue")
        #expect(text.status == 0 && text.stdout.contains("◀ best") && text.stdout.contains("signups leads revenue by 6 days"), "\(text)")
    }

    @Test func twoRandomWalksSharingATrendShowNoLead() throws {
        var random = SeededRandom(seed: 1_001)
        let days = 365
        let first = Self.firstDay(days)
        var a: [Double] = [100]
        var b: [Double] = [300]
        for day in 1..<days {
            a.append(a[day - 1] + 2 + random.gaussian())
            b.append(b[day - 1] + 2 + random.gaussian() * 3)
        }
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let observedA = Self.observations("traffic", a, from: first, random: &random)
        let observedB = Self.observations("orders", b, from: first, random: &random)
        try Self.feed(observedA + observedB, to: daemon)
        // Undifferenced, the shared trend would make the two look almost perfectly correlated.
        let result = try daemon.okrctl("metric", "lead", "traffic", "orders", "--json")
        #expect(result.status == 0, "\(result)")
        let ours = try result.json()
        try Self.expectSame(ours, try Self.reference(observedA, observedB, maxLag: 30, in: daemon.directory))
        #expect(ours["leads"] as? Bool == false)
        #expect(ours["verdict"] as? String == "no evidence that traffic leads orders")
    }

    @Test func tooLittleHistoryAndBadInputAreRefusedAndAppendNothing() throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        var random = SeededRandom(seed: 7)
        let first = Self.firstDay(20)
        let a = (0..<20).map { _ in random.gaussian() }
        let b = (0..<20).map { _ in random.gaussian() }
        try Self.feed(Self.observations("x", a, from: first, random: &random) + Self.observations("y", b, from: first, random: &random),
                      to: daemon)
        let seq = try daemon.lastSeq
        let short = try daemon.okrctl("metric", "lead", "x", "y")
        #expect(short.status == 3 && short.stderr.contains("not enough common history: 20 common days, need 30"), "\(short)")
        // A range cuts the common days.
        let cut = try daemon.okrctl("metric", "lead", "x", "y", "--from", "2000-01-01", "--to", "2000-02-01")
        #expect(cut.status == 3 && cut.stderr.contains("0 common days"), "\(cut)")
        for (arguments, names) in [(["metric", "lead", "x", "nothing"], "'nothing'"), (["metric", "lead", "x", "x"], "same metric"),
                                   (["metric", "lead", "x", "y", "--max-lag", "0"], "maxLag"),
                                   (["metric", "lead", "x", "y", "--max-lag", "366"], "maxLag"),
                                   (["metric", "lead", "Bad Key", "y"], "metric key"),
                                   (["metric", "lead", "x", "y", "--from", "2026-03-01", "--to", "2026-02-01"], "after")] {
            let result = try daemon.okrctl(arguments: arguments)
            #expect(result.status == 3 && result.stderr.contains(names) && result.stderr.hasSuffix("(1004)\n"), "\(arguments): \(result)")
        }
        #expect(try daemon.lastSeq == seq, "nothing appended")
    }
}
