import ArgumentParser
import OKRWire

/// `okrctl dashboard` (SPEC §12): runs `okr-dashboard`, installed beside okrctl, with okrctl's
/// own way to okrd (the socket, or `--host ssh://…`). A separate program, so that okrctl itself
/// links no HTTP server and starts as fast as cron jobs need.
struct Dashboard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard", abstract: "Serve a read-only web dashboard of what you may read.",
        discussion: "Prints `okr dashboard: http://HOST:PORT/` first, then serves until interrupted.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Address and port to listen on (port 0 picks one).") var listen = "127.0.0.1:7480"
    @Option(name: .customLong("allow-host"), help: "Another Host name the dashboard answers to (repeatable).") var allowHost: [String] = []
    @Option(help: "The cycle every page shows unless its URL names another.") var cycle: String?
    @Option(help: "A team to show (repeatable).") var team: [String] = []
    @Option(help: "Show only what this person owns.") var owner: String?
    @Option(help: "Kiosk mode: no controls, one team per screen, the next every SECONDS.") var kiosk: Int?
    @Flag(help: "Open the dashboard in the browser.") var open = false

    /// Refused here, before okr-dashboard runs, so that a usage error is okrctl's exit 1.
    func validate() throws {
        guard ListenAddress(listen) != nil else { throw ValidationError(ListenAddress.refusal(listen)) }
        if let kiosk, kiosk < 1 { throw ValidationError("--kiosk takes the seconds each team is shown, at least 1, not \(kiosk)") }
    }

    func run() throws {
        var arguments = ["--listen", listen]
        for name in allowHost { arguments += ["--allow-host", name] }
        if let cycle { arguments += ["--cycle", cycle] }
        for name in team { arguments += ["--team", name] }
        if let owner { arguments += ["--owner", owner] }
        if let kiosk { arguments += ["--kiosk", String(kiosk)] }
        if open { arguments.append("--open") }
        try SiblingProgram(name: "okr-dashboard").exec(arguments, options: options)
    }
}
