import ArgumentParser
import Foundation
import OKRWire

/// `okrctl apply -f okrs.toml`: OKRs as code. The daemon plans what changed and appends exactly that.
struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Bring the OKRs in line with a file (TOML): appends only what changed.",
        discussion: "Prints the plan (create, update, retarget, drop). --dry-run stops there. Applying the same file twice appends nothing. See docs/OKRS-AS-CODE.md.")
    @OptionGroup var options: GlobalOptions
    @Option(name: .customShort("f"), help: "The OKR file, or - for standard input.") var file: String
    @Flag(name: .customLong("dry-run"), help: "Only print the plan.") var dryRun = false

    func run() throws {
        // Bytes, not Foundation's string reader, which drops a leading byte order mark itself: the
        // TOML reader decides what a BOM means (one may open a document, a second is an error).
        let bytes: [UInt8]
        do {
            bytes = file == "-"
                ? Array(FileHandle.standardInput.readDataToEndOfFile())
                : Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw CLIError.usage("cannot read \(file): \(error.localizedDescription)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CLIError.usage("\(file) is not UTF-8 text: an OKR file is TOML, which is UTF-8")
        }
        let name = file == "-" ? "standard input" : URL(fileURLWithPath: file).lastPathComponent
        let result = try options.call(Methods.apply, ApplyParams(document: text, name: name, dryRun: dryRun))
        try Output.emit(result, json: options.json) { result in
            guard !result.plan.isEmpty else { return "up to date: nothing to change" }
            var table = Table("ACTION", "KIND", "ID", "CHANGE")
            for step in result.plan { table.add([step.action, step.kind, step.id, step.detail]) }
            let footer = result.applied ? "applied: \(result.seqs.count) events appended" : "dry run: nothing appended"
            return table.render() + "\n" + footer
        }
    }
}
