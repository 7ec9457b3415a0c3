import ArgumentParser
import OKREvents
import OKRWire

/// `okrctl checkin KR [--confidence N] [--status S] [--note TEXT]`: the weekly check-in, or
/// `okrctl checkin --file CSV` for a team's check-ins at once.
struct CheckIn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin", abstract: "Record a check-in on a key result or an objective: a confidence (0–10), a status, a note, or any of them.",
        discussion: "--file reads a CSV with the header kr,confidence,status,note,at,key (kr and one of confidence, status, note "
            + "per row); batches are appended whole, a rejected batch is sent again row by row so only its bad rows are lost, "
            + "and a row with an at or a key is not appended twice when the file is run again.")
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The key result's or objective's id.") var kr: String?
    @Option(help: "0 (no chance) to 10 (certain).") var confidence: Int?
    @Option(help: "on-track, at-risk or off-track, as the team sees it.") var status: CheckInStatus?
    @Option(help: "What changed since last time.") var note: String?
    @Option(help: "When (default: now).") var at: TimeArgument?
    @Option(help: "An idempotency key: a retry with the same key appends nothing.") var key: String?
    @Option(help: ArgumentHelp("Check-ins from a CSV file (- for standard input).", valueName: "PATH")) var file: String?
    @Option(help: "With --file: check-ins per request (default: as many as the daemon takes).") var batch: Int?

    func validate() throws {
        if file != nil {
            guard kr == nil, confidence == nil, status == nil, note == nil, at == nil, key == nil else {
                throw ValidationError("--file takes everything from the file: give no key result, --confidence, --status, --note, --at or --key")
            }
            if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        } else {
            guard kr != nil else { throw ValidationError("give a key result's id, or --file PATH") }
            guard confidence != nil || status != nil || note != nil else {
                throw ValidationError("give at least one of --confidence, --status, --note")
            }
        }
    }

    func run() throws {
        if let file {
            try CSVCheckInImport(options: options, path: file, batchSize: batch).run()
            return
        }
        let params = CheckInParams(kr: kr!, confidence: confidence, note: note, at: try at?.instant(options), key: key, status: status)
        try Output.emit(try options.call(Methods.checkin, params), json: options.json) { _ in "" }
    }
}
