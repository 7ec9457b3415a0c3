import Foundation
import Testing

/// okrd and okrctl are released together and say one version, from one place.
@Suite struct VersionTests {
    @Test func okrdOkrctlAndPingSayOneVersion() throws {
        let daemon = try DaemonProcess()
        let okrctl = try daemon.okrctl("--version").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let okrd = try DaemonProcess.run(DaemonProcess.okrd, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ping = try daemon.okrctl("ping", "--json").json()["version"] as? String
        #expect(!okrctl.isEmpty && okrctl == okrd && okrd == ping, "okrctl \(okrctl), okrd \(okrd), ping \(ping ?? "-")")
    }
}
