import Foundation
import OKRTestSupport
import OKRWire
import Synchronization
import Testing

/// Hooks (SPEC §13) through the real okrd to real HTTP receivers on loopback
/// (`Tests/Hooks/receiver.py`): Standard Webhooks signatures verified by the `standardwebhooks`
/// package, Slack, Teams and Matrix messages checked for their structure, retries under one id,
/// give-up and `hook retry`, a hanging endpoint, refusals, and secrets kept out of every output.
@Suite(.serialized) struct HookTests {
    /// A quarter around today, so that pace is measured against a cycle in progress.
    static func quarter(team: String = "growth", title: String = "Signups") -> [[String]] {
        let day = 86_400.0
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let start = formatter.string(from: Date().addingTimeInterval(-30 * day))
        let end = formatter.string(from: Date().addingTimeInterval(60 * day))
        return [
            ["person", "set", "alice", "--name", "Alice"],
            ["cycle", "add", "Q", "--start", start, "--end", end],
            ["objective", "add", "Grow", "--cycle", "Q", "--team", team, "--id", "O1"],
            ["kr", "add", title, "--objective", "O1", "--metric", "signups", "--baseline", "0", "--target", "100", "--id", "KR-1",
             "--owner", "alice"],
        ]
    }

    static func requireReceivers() throws {
        try #require(HookReceiver.available, "the hook tests need standardwebhooks: `make deps` installs it in .build/test-venv")
    }

    @Test func aStandardHookGetsEveryKindSignedAndInLogOrderAndItsSecretNowhere() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let (secret, secretFile) = try HookReceiver.secret(in: daemon.directory)
        let receiver = try HookReceiver("standard", ["--secret", secret], directory: daemon.directory)
        try daemon.run(Self.quarter())
        // Every kind an event makes (a feed gone quiet on a slow machine would add one of its own).
        let added = try daemon.okrctl("hook", "add", "team-feed", "--url", receiver.url, "--format", "standard", "--secret-file", secretFile,
                                      "--events", "checkin,kr.pace,confidence.drop,insight.expired,cycle.closed")
        #expect(added.status == 0, "\(added)")
        let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2))
        try daemon.run([
            ["checkin", "KR-1", "--confidence", "8", "--note", "fine"],
            ["checkin", "KR-1", "--confidence", "5", "--note", "slipping"],
            ["observe", "signups", "90"],
            ["observe", "signups", "1"],
            ["insight", "add", "Users want SSO", "--on", "KR-1", "--expires", soon, "--id", "I-1"],
        ])
        #expect(await receiver.wait(seconds: 20) { $0.count >= 6 }, "\(receiver.requests)")
        try daemon.run([["cycle", "close", "Q"]])
        #expect(await receiver.wait(seconds: 20) { $0.count >= 7 }, "\(receiver.requests)")
        let requests = receiver.requests
        #expect(requests.allSatisfy { $0["ok"] as? Bool == true }, "every signature verifies: \(requests.map { $0["problem"] ?? "" })")
        #expect(requests.map { $0["type"] as? String ?? "" }
                == ["checkin", "checkin", "confidence.drop", "kr.pace", "kr.pace", "insight.expired", "cycle.closed"], "\(requests.map { $0["type"] ?? "" })")
        let ids = requests.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == 7, "one id per delivery: \(ids)")
        let seqs = requests.compactMap { (($0["body"] as? [String: Any])?["data"] as? [String: Any])?["event"] as? [String: Any] }.compactMap { $0["seq"] as? Int }
        #expect(seqs == seqs.sorted() && seqs.count == 7, "in log order: \(seqs)")
        let first = try #require(requests.first?["body"] as? [String: Any])
        let subject = (first["data"] as? [String: Any])?["subject"] as? [String: Any]
        #expect(subject?["id"] as? String == "KR-1" && subject?["owner"] as? String == "alice", "the subject as status shows it: \(first)")

        let list = try daemon.okrctl("hook", "list", "--json").json()
        let hook = try #require((list["hooks"] as? [[String: Any]])?.first)
        #expect(hook["endpoint"] as? String == "http://127.0.0.1:\(receiver.port)" && (hook["fingerprint"] as? String)?.hasPrefix("sha256:") == true)
        #expect(hook["lag"] as? Int == 0 && hook["delivered"] as? Int == 7, "\(hook)")
        let metrics = try daemon.okrctl("export", "--format", "prometheus").stdout
        #expect(metrics.contains("okrd_hook_deliveries_total{hook=\"team-feed\",outcome=\"delivered\"} 7")
                && metrics.contains("okrd_hook_lag_events{hook=\"team-feed\"} 0") && metrics.contains("okrd_hook_failed_total{hook=\"team-feed\"} 0"),
                "\(metrics)")

        // The secret is in none of the log, an export, a backup, a listing or okrd's own output.
        let backup = daemon.directory.appending("backup")
        #expect(try daemon.okrctl("backup", backup).status == 0)
        let key = String(secret.dropFirst("whsec_".count).prefix(20))
        var outputs = [try daemon.okrctl("log", "--json").stdout, try daemon.okrctl("export", "--format", "ndjson").stdout,
                       try daemon.okrctl("hook", "list").stdout, try daemon.okrctl("hook", "deliveries", "team-feed", "--json").stdout,
                       daemon.stderr]
        for file in try FileManager.default.contentsOfDirectory(atPath: backup) {
            outputs.append(String(decoding: FileManager.default.contents(atPath: backup + "/" + file) ?? Data(), as: UTF8.self))
        }
        let dataFile = String(decoding: FileManager.default.contents(atPath: daemon.dataPath + "/data.mdb") ?? Data(), as: UTF8.self)
        for output in outputs + [dataFile] { #expect(!output.contains(key), "the secret leaked: \(output.prefix(200))") }
        let secrets = try FileManager.default.attributesOfItem(atPath: daemon.dataPath + "/hook-secrets.json")
        #expect((secrets[.posixPermissions] as? Int) == 0o600)
    }

    /// `inbox` (SPEC §15): each check-in and retrospective of someone with a reviewer, sent with
    /// the reviewer as its owner; an objective's own check-in is a `checkin` on the objective.
    @Test func aReviewersInboxAndAnObjectivesCheckInAreSent() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let (secret, secretFile) = try HookReceiver.secret(in: daemon.directory)
        let receiver = try HookReceiver("standard", ["--secret", secret], directory: daemon.directory)
        let me = try daemon.okrctl("ping", "--json").json()["user"] as? String ?? "root"
        try daemon.run(Self.quarter() + [["person", "set", me, "--reviewer", "alice"]])
        #expect(try daemon.okrctl("hook", "add", "lead", "--url", receiver.url, "--format", "standard", "--secret-file", secretFile,
                                  "--events", "checkin,inbox", "--owner", "alice").status == 0)
        try daemon.run([["checkin", "O1", "--confidence", "6", "--status", "at-risk", "--note", "hiring is slow"],
                        ["retro", "O1", "--rating", "3", "--outcome", "missed", "--learned", "start hiring earlier"]])
        #expect(await receiver.wait(seconds: 20) { $0.count >= 2 }, "\(receiver.requests)")
        try await Task.sleep(for: .milliseconds(500))
        let requests = receiver.requests
        #expect(requests.map { $0["type"] as? String ?? "" } == ["inbox", "inbox"], "narrowed to alice: the objective has no owner \(requests)")
        let data = requests.compactMap { ($0["body"] as? [String: Any])?["data"] as? [String: Any] }
        let types = data.compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
        #expect(types == ["CheckInRecorded", "RetrospectiveRecorded"])
        #expect(((data.first?["event"] as? [String: Any])?["data"] as? [String: Any])?["objective"] as? String == "O1")
    }

    @Test func slackTeamsAndMatrixGetTheirOwnShapesWithUserTextEscaped() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let token = "syt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let tokenFile = daemon.directory.appending("token")
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let slack = try HookReceiver("slack", directory: daemon.directory)
        let teams = try HookReceiver("teams", directory: daemon.directory)
        let matrix = try HookReceiver("matrix", ["--token", token], directory: daemon.directory)
        let hostile = "<script>alert(1)</script> & <@U123> *bold* [x](http://evil)"
        try daemon.run(Self.quarter(title: hostile))
        let slackURL = "http://127.0.0.1:\(slack.port)/services/T000/B000/SLACKSECRETPATH"
        let teamsURL = "http://127.0.0.1:\(teams.port)/workflows/TEAMSSECRETPATH"
        let room = "http://127.0.0.1:\(matrix.port)/_matrix/client/v3/rooms/!abc:example.org"
        for (name, url, format, extra) in [("chat", slackURL, "slack", [String]()), ("office", teamsURL, "teams", []),
                                           ("room", room, "matrix", ["--token-file", tokenFile]),
                                           ("bobs", slackURL, "slack", ["--owner", "bob"])] {
            let added = try daemon.okrctl(arguments: ["hook", "add", name, "--url", url, "--format", format, "--events", "checkin"] + extra)
            #expect(added.status == 0, "\(added)")
        }
        try daemon.run([["checkin", "KR-1", "--confidence", "7", "--note", "<b>on it</b>"]])
        for receiver in [slack, teams, matrix] {
            #expect(await receiver.wait { $0.count >= 1 }, "\(receiver.requests)")
        }
        try await Task.sleep(for: .microseconds(500_000))
        #expect(slack.requests.count == 1, "the hook for bob's key results got nothing of alice's: \(slack.requests.count)")
        for receiver in [slack, teams, matrix] {
            #expect(receiver.requests.allSatisfy { $0["ok"] as? Bool == true }, "\(receiver.requests)")
        }
        let slackBody = try #require(slack.requests.first?["body"] as? [String: Any])
        let mrkdwn = ((slackBody["blocks"] as? [[String: Any]])?.first?["text"] as? [String: Any])?["text"] as? String ?? ""
        #expect(mrkdwn.contains("&lt;script&gt;") && mrkdwn.contains("&amp;") && mrkdwn.contains("KR-1") && mrkdwn.contains("alice"), "\(mrkdwn)")
        let notice = try #require(matrix.requests.first?["body"] as? [String: Any])
        #expect((notice["formatted_body"] as? String)?.contains("&lt;script&gt;") == true && (notice["body"] as? String)?.contains("KR-1") == true)
        #expect((matrix.requests.first?["path"] as? String)?.contains("/send/m.room.message/okr_") == true)
        let card = String(decoding: try JSONSerialization.data(withJSONObject: teams.requests.first?["body"] ?? [:]), as: UTF8.self)
        #expect(card.contains("\\\\*bold\\\\*") && card.contains("confidence 7"), "markdown in user text is escaped: \(card)")

        let backup = daemon.directory.appending("backup")
        #expect(try daemon.okrctl("backup", backup).status == 0)
        var outputs = [try daemon.okrctl("log", "--json").stdout, try daemon.okrctl("export", "--format", "ndjson").stdout,
                       try daemon.okrctl("hook", "list", "--json").stdout, try daemon.okrctl("hook", "list").stdout, daemon.stderr]
        for file in try FileManager.default.contentsOfDirectory(atPath: backup) {
            outputs.append(String(decoding: FileManager.default.contents(atPath: backup + "/" + file) ?? Data(), as: UTF8.self))
        }
        for output in outputs {
            for secret in ["SLACKSECRETPATH", "TEAMSSECRETPATH", token] { #expect(!output.contains(secret), "\(secret) leaked: \(output.prefix(300))") }
        }
        #expect(try daemon.okrctl("hook", "list").stdout.contains("http://127.0.0.1:\(slack.port)"), "the scheme and host are shown")
    }

    @Test func aFailingEndpointGetsTheSameDeliveryAgainThenTheNextInOrder() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let token = "syt_retry"
        let tokenFile = daemon.directory.appending("token")
        try token.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let matrix = try HookReceiver("matrix", ["--token", token, "--fail-first", "3"], directory: daemon.directory)
        try daemon.run(Self.quarter())
        let room = "http://127.0.0.1:\(matrix.port)/_matrix/client/v3/rooms/!r:example.org"
        #expect(try daemon.okrctl("hook", "add", "room", "--url", room, "--format", "matrix", "--token-file", tokenFile, "--events", "checkin").status == 0)
        try daemon.run([["checkin", "KR-1", "--confidence", "7"], ["checkin", "KR-1", "--confidence", "6"]])
        // 500 three times (waits of about 1, 2 and 4 s), then 200, then the second check-in.
        #expect(await matrix.wait(seconds: 30) { $0.count >= 5 }, "\(matrix.requests)")
        let requests = matrix.requests
        let ids = requests.map { $0["id"] as? String ?? "" }
        #expect(requests.map { $0["answered"] as? Int ?? 0 } == [500, 500, 500, 200, 200], "\(requests)")
        #expect(Set(ids[0...3]).count == 1 && ids[4] != ids[0], "one transaction id for every attempt: \(ids)")
        let deliveries = try daemon.okrctl("hook", "deliveries", "room", "--json").json()
        let first = try #require((deliveries["deliveries"] as? [[String: Any]])?.last)
        #expect(first["attempts"] as? Int == 4 && first["outcome"] as? String == "delivered", "\(deliveries)")
    }

    @Test func aDeliveryGivenUpOnIsListedCountedAndSentAgainByHookRetry() async throws {
        try Self.requireReceivers()
        let directory = TemporaryDirectory("okrd-test")
        let config = directory.appending("okrd.toml")
        try "[notify]\ngive_up_after = \"2s\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        defer { daemon.stop() }
        let (secret, secretFile) = try HookReceiver.secret(in: directory)
        let down = directory.appending("down")
        FileManager.default.createFile(atPath: down, contents: nil)
        let receiver = try HookReceiver("standard", ["--secret", secret, "--fail-while", down], directory: directory)
        try daemon.run(Self.quarter())
        #expect(try daemon.okrctl("hook", "add", "ops", "--url", receiver.url, "--format", "standard", "--secret-file", secretFile,
                                  "--events", "checkin").status == 0)
        try daemon.run([["checkin", "KR-1", "--confidence", "7"]])
        var failed: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, failed.isEmpty {
            failed = (try daemon.okrctl("hook", "deliveries", "ops", "--failed", "--json").json()["deliveries"] as? [[String: Any]]) ?? []
            try await Task.sleep(for: .microseconds(200_000))
        }
        #expect(failed.count == 1 && failed.first?["outcome"] as? String == "failed" && failed.first?["detail"] as? String == "HTTP 503", "\(failed)")
        let metrics = try daemon.okrctl("export", "--format", "prometheus").stdout
        #expect(metrics.contains("okrd_hook_failed_total{hook=\"ops\"} 1"), "\(metrics)")
        let stillDown = try daemon.okrctl("hook", "retry", "ops")
        #expect(stillDown.status == 3 && stillDown.stderr.contains("still failed"), "\(stillDown)")

        try FileManager.default.removeItem(atPath: down)
        let retried = try daemon.okrctl("hook", "retry", "ops", "--json")
        #expect(retried.status == 0, "\(retried)")
        let delivered = receiver.delivered
        #expect(delivered.count == 1 && delivered.first?["id"] as? String == failed.first?["id"] as? String, "the same id: \(receiver.requests)")
        #expect(delivered.first?["ok"] as? Bool == true)
        let left = try daemon.okrctl("hook", "deliveries", "ops", "--failed", "--json").json()["deliveries"] as? [Any]
        #expect(left?.isEmpty == true)
        let passing = try daemon.okrctl("hook", "test", "ops")
        #expect(passing.status == 0, "\(passing)")
        try FileManager.default.createFile(atPath: down, contents: nil) ? () : ()
        let test = try daemon.okrctl("hook", "test", "ops")
        #expect(test.status == 3 && test.stderr.contains("HTTP 503"), "\(test)")
    }

    @Test func mistakesAreRefusedNamingThemWithNothingAppended() async throws {
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let (_, secretFile) = try HookReceiver.secret(in: daemon.directory)
        let notSecret = daemon.directory.appending("plain")
        try "hunter2".write(toFile: notSecret, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--url", "ftp://example.org/x", "--format", "standard", "--secret-file", secretFile], "only http and https"),
            (["--url", "file:///etc/passwd", "--format", "slack"], "only http and https"),
            (["--url", "https://example.org/x", "--format", "discord"], "format 'discord'"),
            (["--url", "https://example.org/x", "--format", "slack", "--events", "checkin,gossip"], "event kind 'gossip'"),
            (["--url", "https://example.org/x", "--format", "standard", "--secret-file", "/nonexistent/secret"], "/nonexistent/secret"),
            (["--url", "https://example.org/x", "--format", "standard"], "--secret-file"),
            (["--url", "https://example.org/x", "--format", "standard", "--secret-file", notSecret], "whsec_"),
            (["--url", "https://hs.example.org/_matrix/client/v3/rooms/!r:hs", "--format", "matrix"], "--token-file"),
            (["--url", "https://hs.example.org/_matrix/client/v3/rooms/!r:hs", "--format", "matrix", "--token-file", "/nonexistent/token"], "/nonexistent/token"),
            (["--url", "https://example.org/\u{1B}[31m", "--format", "slack"], "control character"),
        ]
        let before = try daemon.okrctl("ping", "--json").json()["lastSeq"] as? Int
        for (arguments, named) in cases {
            let result = try daemon.okrctl(arguments: ["hook", "add", "h"] + arguments)
            #expect(result.status == 3 && result.stderr.contains("(1004)") && result.stderr.contains(named), "\(arguments): \(result)")
            #expect(!result.stderr.contains("\u{1B}"), "no escape sequence comes back")
        }
        #expect(try daemon.okrctl("ping", "--json").json()["lastSeq"] as? Int == before, "nothing appended")
        #expect(try daemon.okrctl("hook", "add", "h", "--url", "https://example.org/x", "--format", "slack").status == 0)
        let again = try daemon.okrctl("hook", "add", "h", "--url", "https://example.org/y", "--format", "slack")
        #expect(again.status == 3 && again.stderr.contains("(1001)"), "\(again)")
        let missing = try daemon.okrctl("hook", "remove", "nope")
        #expect(missing.status == 3 && missing.stderr.contains("(1000)"), "\(missing)")
        #expect(try daemon.okrctl("hook", "remove", "h").status == 0)
        #expect(try daemon.okrctl("hook", "list", "--json").json()["hooks"] as? [Any] != nil)
        #expect((try daemon.okrctl("hook", "list", "--json").json()["hooks"] as? [Any])?.isEmpty == true)
    }

    @Test func aHangingEndpointDelaysNoCommitAndNoOtherHook() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let (secret, secretFile) = try HookReceiver.secret(in: daemon.directory)
        let hanging = try HookReceiver("standard", ["--secret", secret, "--hang"], directory: daemon.directory)
        let live = try HookReceiver("standard", ["--secret", secret], directory: daemon.directory)
        try daemon.run(Self.quarter())
        let count = 30
        func checkIns() throws -> Double {
            let started = Date()
            for index in 0..<count { _ = try daemon.okrctl("checkin", "KR-1", "--confidence", String(5 + index % 2)) }
            return Date().timeIntervalSince(started)
        }
        let alone = try await offPool(checkIns)
        for (name, receiver) in [("dead", hanging), ("live", live)] {
            #expect(try daemon.okrctl("hook", "add", name, "--url", receiver.url, "--format", "standard", "--secret-file", secretFile,
                                      "--events", "checkin").status == 0)
        }
        let withHooks = try await offPool(checkIns)
        #expect(await live.wait(seconds: 15) { $0.count >= count }, "the live hook got every check-in: \(live.requests.count)")
        #expect(withHooks < alone * 2 + 1, "a hanging endpoint delays no commit: \(withHooks) s with it, \(alone) s without")
        let hooks = try daemon.okrctl("hook", "list", "--json").json()["hooks"] as? [[String: Any]] ?? []
        let dead = hooks.first { $0["name"] as? String == "dead" }
        #expect((dead?["lag"] as? Int ?? 0) > 0, "the dead hook waits on its first delivery: \(hooks)")
        // `hook test` waits 10 s for a status line, then names what happened.
        let started = Date()
        let test = try await offPool { try daemon.okrctl("hook", "test", "dead") }
        #expect(test.status == 3 && test.stderr.contains("no answer within 10 s"), "\(test)")
        #expect(Date().timeIntervalSince(started) < 15)
        // The process stops promptly although a delivery hangs.
        let stopped = Date()
        #expect(daemon.stop() == 0)
        #expect(Date().timeIntervalSince(stopped) < 10)
    }

    @Test func okrdKilledMidDeliveryTwentyTimesWhileWritersAppendLosesNoDelivery() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let (secret, secretFile) = try HookReceiver.secret(in: daemon.directory)
        // A slow receiver, so that kills land while deliveries are in flight.
        let receiver = try HookReceiver("standard", ["--secret", secret, "--delay", "0.02"], directory: daemon.directory)
        try daemon.run(Self.quarter())
        #expect(try daemon.okrctl("hook", "add", "feed", "--url", receiver.url, "--format", "standard", "--secret-file", secretFile,
                                  "--events", "checkin").status == 0)
        let stopping = Atomic<Bool>(false)
        let socket = daemon.socketPath
        let writers = (0..<2).map { writer in
            Thread {
                var operation = 0
                while !stopping.load(ordering: .relaxed) {
                    guard let client = try? WireClient(path: socket) else {
                        usleep(5_000)
                        continue
                    }
                    while !stopping.load(ordering: .relaxed) {
                        operation += 1
                        let params = CheckInParams(kr: "KR-1", confidence: operation % 11, note: "\(writer)-\(operation)")
                        guard (try? client.call("checkin", params, as: WriteResult.self)) != nil else { break }
                        usleep(25_000)
                    }
                }
            }
        }
        writers.forEach { $0.start() }
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...300)))
            try await offPool {
                daemon.stop(signal: SIGKILL)
                try daemon.start()
            }
        }
        stopping.store(true, ordering: .relaxed)
        try await Task.sleep(for: .microseconds(200_000))
        let log = try daemon.okrctl("log", "--json", "--type", "CheckInRecorded", "--limit", "100000")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let committed = Set(events.compactMap { $0["seq"] as? Int })
        #expect(committed.count > 40, "writers appended throughout: \(committed.count)")
        func deliveredSeqs(_ requests: [[String: Any]]) -> [Int] {
            requests.filter { ($0["answered"] as? Int) == 200 }.compactMap {
                ((($0["body"] as? [String: Any])?["data"] as? [String: Any])?["event"] as? [String: Any])?["seq"] as? Int
            }
        }
        #expect(await receiver.wait(seconds: 60) { committed.isSubset(of: Set(deliveredSeqs($0))) },
                "every committed check-in delivered: \(committed.subtracting(deliveredSeqs(receiver.requests)).sorted().prefix(20)); \((try? daemon.okrctl("hook", "list", "--json").stdout) ?? "") \(String(daemon.stderr.suffix(2000)))")
        let delivered = deliveredSeqs(receiver.requests)
        print("hook crash harness: 20 kills, \(committed.count) check-ins committed, \(delivered.count) deliveries (\(delivered.count - committed.count) sent again), 0 lost")
        var seen = Set<Int>()
        var firsts: [Int] = []
        for seq in delivered where seen.insert(seq).inserted { firsts.append(seq) }
        #expect(firsts == firsts.sorted(), "in log order, repeats aside")
        // A kill can cut a request short; every whole one must verify.
        let whole = receiver.requests.filter { $0["cut"] as? Bool != true }
        #expect(whole.allSatisfy { $0["ok"] as? Bool == true }, "every signature verifies: \(whole.compactMap { $0["problem"] as? String }.prefix(5))")
        // A repeat is the same delivery: same id for the same event.
        var idOf: [Int: String] = [:]
        for request in receiver.requests {
            guard let seq = (((request["body"] as? [String: Any])?["data"] as? [String: Any])?["event"] as? [String: Any])?["seq"] as? Int,
                  let id = request["id"] as? String else { continue }
            #expect(idOf[seq, default: id] == id, "seq \(seq) sent under two ids")
            idOf[seq] = id
        }
    }

    @Test func dueAndDigestFireAtTheirTimesAndAQuietFeedIsToldOncePerSpell() async throws {
        try Self.requireReceivers()
        // The next whole minute (UTC) at least 10 s away: due_at, and the digest at that minute today.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var fireAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.up) * 60)
        if fireAt.timeIntervalSinceNow < 10 { fireAt = fireAt.addingTimeInterval(60) }
        let parts = calendar.dateComponents([.hour, .minute, .weekday], from: fireAt)
        let time = String(format: "%02d:%02d", parts.hour!, parts.minute!)
        let weekday = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][parts.weekday! - 1]
        let directory = TemporaryDirectory("okrd-test")
        let config = directory.appending("okrd.toml")
        try "[notify]\ndue_at = \"\(time)\"\ndigest_at = \"\(weekday) \(time)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config], directory: directory)
        defer { daemon.stop() }
        let slack = try HookReceiver("slack", directory: directory)
        try daemon.run(Self.quarter())
        // A feed observed every 10 s that stopped 30 s ago: quiet (past due by more than its cadence).
        let now = Date()
        for seconds in [60.0, 50, 40, 30] {
            try daemon.run([["observe", "signups", String(Int(100 - seconds)), "--at", ISO8601DateFormatter().string(from: now.addingTimeInterval(-seconds))]])
        }
        #expect(try daemon.okrctl("hook", "add", "team", "--url", slack.url + "/services/T/B/X", "--format", "slack",
                                  "--events", "due,digest,feed.quiet").status == 0)
        #expect(await slack.wait(seconds: 40) { $0.contains { ($0["body"] as? [String: Any])?["text"].map { "\($0)".contains("signups went quiet") } == true } },
                "the quiet feed is told at start: \(slack.requests)")
        let wait = fireAt.timeIntervalSinceNow + 20
        #expect(await slack.wait(seconds: wait) { requests in
            let texts = requests.map { "\(($0["body"] as? [String: Any])?["text"] ?? "")" }
            return texts.contains { $0.hasPrefix("Due for alice") } && texts.contains { $0.hasPrefix("OKR digest for the week") }
        }, "due and digest at \(time): \(slack.requests.map { ($0["body"] as? [String: Any])?["text"] ?? "" })")
        try await Task.sleep(for: .microseconds(6_000_000))
        let texts = slack.requests.map { "\(($0["body"] as? [String: Any])?["text"] ?? "")" }
        #expect(texts.filter { $0.contains("went quiet") }.count == 1, "once per quiet spell: \(texts)")
        #expect(texts.filter { $0.hasPrefix("Due for alice") }.count == 1 && texts.filter { $0.hasPrefix("OKR digest") }.count == 1, "\(texts)")
        #expect(slack.requests.allSatisfy { $0["ok"] as? Bool == true })
        let due = try #require(slack.requests.first { "\(($0["body"] as? [String: Any])?["text"] ?? "")".hasPrefix("Due for alice") })
        let blocks = (due["body"] as? [String: Any])?["blocks"] as? [[String: Any]] ?? []
        #expect(blocks.count >= 2, "the due list itself follows the line: \(blocks)")
    }

    @Test func aRedirectIsNotFollowed() async throws {
        try Self.requireReceivers()
        let daemon = try DaemonProcess()
        defer { daemon.stop() }
        let moved = try HookReceiver("slack", ["--status", "302"], directory: daemon.directory)
        #expect(try daemon.okrctl("hook", "add", "moved", "--url", moved.url, "--format", "slack").status == 0)
        let test = try daemon.okrctl("hook", "test", "moved")
        #expect(test.status == 3 && test.stderr.contains("HTTP 302"), "a 302 is an answer that did not deliver: \(test)")
        #expect(moved.requests.count == 1, "and nothing follows it")
    }
}
