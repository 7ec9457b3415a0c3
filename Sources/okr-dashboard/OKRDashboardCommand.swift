import ArgumentParser
import Foundation
import OKRDashboard
import OKRWire

/// `okr-dashboard`: the program behind `okrctl dashboard` (SPEC §12), which passes it okrctl's
/// way to okrd. Prints `okr dashboard: http://HOST:PORT/` as its first line, then serves until
/// SIGINT or SIGTERM.
@main
struct OKRDashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "okr-dashboard", abstract: "Serve okr's web dashboard.")

    @Option(help: "okrd's socket.") var socket: String?
    @Option(help: "Reach okrd over ssh: ssh://[USER@]HOST[:PORT].") var host: String?
    @Option(help: "Address and port to listen on (port 0 picks one).") var listen = "127.0.0.1:7480"
    @Option(name: .customLong("allow-host"), help: "Another Host name to answer to (repeatable).") var allowHost: [String] = []
    @Option(help: "The default cycle.") var cycle: String?
    @Option(help: "A team to show (repeatable).") var team: [String] = []
    @Option(help: "Show only what this person owns.") var owner: String?
    @Option(help: "Kiosk mode: seconds per team.") var kiosk: Int?
    @Flag(help: "Open the dashboard in the browser.") var open = false

    func run() async throws {
        guard let reach = OkrdReach.handedOn(socket: socket, host: host, sshCommand: ProcessInfo.processInfo.environment["OKR_SSH"]) else {
            throw ValidationError("--host must be ssh://[USER@]HOST[:PORT], not '\(host ?? "")'")
        }
        guard let address = ListenAddress(listen) else { throw ValidationError(ListenAddress.refusal(listen)) }
        if let kiosk, kiosk < 1 { throw ValidationError("--kiosk takes seconds, at least 1") }
        let options = DashboardOptions(listenHost: address.host, listenPort: address.port, allowHosts: allowHost, cycle: cycle,
                                       teams: team, owner: owner, kioskSeconds: kiosk, reach: reach)
        let open = self.open
        try await DashboardServer.run(options) { url in
            FileHandle.standardOutput.write(Data("okr dashboard: \(url)\n".utf8))
            if open { _ = try? Process.run(URL(fileURLWithPath: "/usr/bin/xdg-open"), arguments: [url]) }
        }
    }
}
