import ArgumentParser
import OKRWire

/// `okrctl ping`: is the daemon there, and who am I to it?
struct Ping: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ping", abstract: "Check that okrd answers.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let result = try options.call(Methods.ping)
        try Output.emit(result, json: options.json) {
            "okrd \($0.version) at \(options.endpoint): \($0.lastSeq) events; you are \($0.user) (\($0.role.rawValue))"
        }
    }
}
