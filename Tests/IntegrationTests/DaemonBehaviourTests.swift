import Foundation
import OKRTestSupport
import OKRWire
import Testing

/// Defaults, idle connections, reloading on SIGHUP and configured lifetimes.
@Suite struct DaemonBehaviourTests {
    @Test func okrctlFindsTheDaemonsDefaultSocketWithNoFlags() throws {
        let daemon = try DaemonProcess(explicitPaths: false)
        #expect(FileManager.default.fileExists(atPath: daemon.directory.appending("state/okrd/data.mdb")))
        let environment = ["XDG_STATE_HOME": daemon.directory.appending("state"), "XDG_RUNTIME_DIR": daemon.directory.appending("runtime"),
                           "OKR_SOCKET": "", "NO_COLOR": "1"]
        let ping = try DaemonProcess.run(DaemonProcess.okrctl, ["ping"], environment: environment)
        #expect(ping.status == 0, "\(ping)")
        #expect(ping.stdout.contains(daemon.directory.appending("runtime/okrd.sock")))
        let away = try DaemonProcess.run(DaemonProcess.okrctl, ["ping"],
                                         environment: environment.merging(["XDG_RUNTIME_DIR": "/nonexistent"]) { $1 })
        #expect(away.status == 2, "unreachable: \(away)")
    }

    @Test func anIdleConnectionIsClosedAndOthersCarryOn() throws {
        let directory = TemporaryDirectory("okrd-idle")
        let config = directory.appending("okrd.toml")
        try "[socket]\nidle_timeout_seconds = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config])
        let idle = try WireClient(path: daemon.socketPath)
        usleep(1_800_000)
        #expect(throws: WireClientError.self) { try idle.call("ping", as: PingResult.self) }
        #expect(try WireClient(path: daemon.socketPath).call("ping", as: PingResult.self).ok)
    }

    @Test func sighupReloadsThePaceThresholds() throws {
        let directory = TemporaryDirectory("okrd-reload")
        let config = directory.appending("okrd.toml")
        try "[pace]\non_track = 0.9\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config])
        for command in [["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
                        ["objective", "add", "Delight new customers", "--cycle", "2026-Q1", "--team", "growth"],
                        ["kr", "add", "Onboarding", "--objective", "O-1", "--metric", "onb", "--baseline", "0", "--target", "10"],
                        ["observe", "onb", "4", "--at", "2026-02-15"]] {
            #expect(try daemon.okrctl(arguments: command).status == 0)
        }
        func pace() throws -> String? {
            let report = try daemon.okrctl("status", "--json", "--as-of", "2026-02-15").json()
            let objective = ((report["cycles"] as? [[String: Any]])?.first?["objectives"] as? [[String: Any]])?.first
            return (objective?["krs"] as? [[String: Any]])?.first?["pace"] as? String
        }
        #expect(try pace() == "at-risk")  // 0.4 / 0.5 = 0.8
        try "[pace]\non_track = 0.75\n".write(toFile: config, atomically: true, encoding: .utf8)
        kill(daemon.process!.processIdentifier, SIGHUP)
        let deadline = Date().addingTimeInterval(5)
        while try pace() != "on-track", Date() < deadline { usleep(50_000) }
        #expect(try pace() == "on-track")
        #expect(daemon.stderr.contains("reloaded"))
    }

    @Test func anInsightWithoutAnExpiryLivesForTheConfiguredLifetime() throws {
        let directory = TemporaryDirectory("okrd-lifetime")
        let config = directory.appending("okrd.toml")
        try "[insights]\ndefault_lifetime_days = 30\n".write(toFile: config, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(arguments: ["--config", config])
        for command in [["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
                        ["objective", "add", "Delight new customers", "--cycle", "2026-Q1", "--team", "growth"],
                        ["insight", "add", "Users want templates", "--on", "O-1"]] {
            #expect(try daemon.okrctl(arguments: command).status == 0)
        }
        let listed = try daemon.okrctl("insight", "list", "--json").json()
        let expiry = try #require((listed["insights"] as? [[String: Any]])?.first?["expiresAt"] as? String)
        let seconds = try #require(ISO8601DateFormatter().date(from: String(expiry.prefix(19)) + "Z")).timeIntervalSinceNow
        #expect(abs(seconds - 30 * 86_400) < 120)
    }
}
