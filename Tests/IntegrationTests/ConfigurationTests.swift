import Foundation
import OKRTestSupport
import OKRWire
import Testing

/// okrd's configuration file: the shipped one works, mistakes stop okrd with the key named.
@Suite struct ConfigurationTests {
    static let shippedConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../config/okrd.toml").standardized.path

    @Test func theShippedConfigurationStartsTheDaemon() throws {
        let daemon = try DaemonProcess(arguments: ["--config", Self.shippedConfig])
        #expect(try WireClient(path: daemon.socketPath).call("ping", as: PingResult.self).role == .admin)
        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660, "socket mode from the config")
    }

    @Test func theConfigurationCanComeFromTheEnvironment() throws {
        let directory = TemporaryDirectory("okrd-config")
        let path = directory.appending("okrd.toml")
        try "[socket]\nmode = \"0600\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let daemon = try DaemonProcess(environment: ["OKRD_CONFIG": path])
        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test(arguments: [
        ("[storage]\ndurability = \"maybe\"\n", "storage.durability must be one of sync, meta-async, async"),
        ("[socket]\nline_limit = 5\n", "unknown key socket.line_limit"),
        ("[sockets]\n", "unknown section [sockets]"),
        ("[pace]\non_track = \"high\"\n", "pace.on_track must be a number"),
        ("[socket]\nmax_connections = 0\n", "socket.max_connections must be between 1 and 100000"),
        ("[pace]\non_track = 0.5\nat_risk = 0.7\n", "pace.at_risk (0.7) must not exceed pace.on_track (0.5)"),
        ("[storage\n", "line 1"),
        ("[organisation]\nfiscal_year_starts = 13\n", "organisation.fiscal_year_starts must be between 1 and 12"),
        ("[organisation]\nweek_starts = \"someday\"\n", "organisation.week_starts 'someday' is not a day of the week"),
        ("[organisation]\ntime_zone = \"Mars/Olympus\"\n", "organisation.time_zone 'Mars/Olympus' is not a time zone"),
    ])
    func aBadConfigurationStopsOkrdNamingTheKey(text: String, message: String) throws {
        let directory = TemporaryDirectory("okrd-config")
        let path = directory.appending("okrd.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try DaemonProcess.run(DaemonProcess.okrd, ["--config", path, "--data", directory.appending("data"),
                                                                "--socket", directory.appending("s.sock")])
        #expect(result.status == 78, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: directory.appending("data")), "nothing created")
    }
}
