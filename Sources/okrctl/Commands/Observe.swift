import ArgumentParser
import Foundation
import OKREvents
import OKRWire

/// `okrctl observe KEY VALUE` or `okrctl observe --file PATH|-`: feed metric observations.
///
/// Built for cron: silent on success, one line on stderr and a non-zero status on failure,
/// and safe to retry with idempotency keys.
struct Observe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observe",
        abstract: "Record metric observations (one, or a CSV file of any size).",
        discussion: """
        CSV: a header naming the columns, from metric,value[,at][,source][,key], then one observation per row.
        Rows are sent in batches; a row the daemon rejects is reported with its line number and the good rows
        are still appended (exit status 3). A row with an `at` and no `key` is identified by its content (metric,
        time and value), so re-running the same file appends nothing twice. A negative VALUE follows `--`:
        okrctl observe m -- -2.
        """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The metric key.") var metric: String?
    @Argument(help: "The observed value.") var value: NumberArgument?
    @Option(help: "When it was observed (default: now).") var at: TimeArgument?
    @Option(help: "Where the number comes from (default for every row with --file).") var source: String?
    @Option(help: "An idempotency key: a retry with the same key appends nothing.") var key: String?
    @Option(help: "Read observations from a CSV file, or - for standard input.") var file: String?
    @Option(help: "Rows per request with --file (default: as many as the daemon takes in one request).") var batch: Int?

    func validate() throws {
        if file != nil {
            guard metric == nil, value == nil else { throw ValidationError("give either KEY VALUE or --file, not both") }
            if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        } else {
            guard metric != nil, value != nil else { throw ValidationError("give KEY VALUE, or --file PATH") }
        }
    }

    func run() throws {
        if let file {
            return try CSVObservationImport(options: options, path: file, source: source, batchSize: batch).run()
        }
        let observation = Observation(metric: metric!, value: value!.value, at: try at?.instant(options), source: source, key: key)
        let result = try options.call(Methods.observe, ObserveParams(observations: [observation]))
        try Output.emit(result, json: options.json) { _ in "" }
    }
}
