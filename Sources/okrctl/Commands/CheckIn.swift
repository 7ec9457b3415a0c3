import ArgumentParser
import OKRWire

/// `okrctl checkin KR --confidence N`: the weekly check-in.
struct CheckIn: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkin", abstract: "Record how confident you are (0–10) that a key result will be met.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The key result's id.") var kr: String
    @Option(help: "0 (no chance) to 10 (certain).") var confidence: Int
    @Option(help: "What changed since last time.") var note: String?
    @Option(help: "When (default: now).") var at: TimeArgument?
    @Option(help: "An idempotency key: a retry with the same key appends nothing.") var key: String?

    func run() throws {
        let params = CheckInParams(kr: kr, confidence: confidence, note: note, at: at?.instant, key: key)
        try Output.emit(try options.call(.checkin, params, as: WriteResult.self), json: options.json) { _ in "" }
    }
}
