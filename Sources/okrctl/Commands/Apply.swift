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
        let text: String
        do {
            text = file == "-"
                ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw CLIError.usage("cannot read \(file): \(error.localizedDescription)")
        }
        let name = file == "-" ? "standard input" : URL(fileURLWithPath: file).lastPathComponent
        let result = try options.call(.apply, ApplyParams(document: text, name: name, dryRun: dryRun), as: ApplyResult.self)
        try Output.emit(result, json: options.json) { result in
            guard !result.plan.isEmpty else { return "up to date: nothing to change" }
            var table = Table("ACTION", "KIND", "ID", "CHANGE")
            for step in result.plan { table.add([step.action, step.kind, step.id, step.detail]) }
            let footer = result.applied ? "applied: \(result.seqs.count) events appended" : "dry run: nothing appended"
            return table.render() + "\n" + footer
        }
    }
}
