import ArgumentParser
import Foundation
import OKREvents
import OKRImport
import OKRPages
import OKRWire

/// `okrctl import viva PATH`: history brought over from another tool (SPEC §11).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring history over from another tool, back-dated and in one commit.",
        subcommands: [Viva.self])

    struct Viva: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "viva",
            abstract: "Import a Viva Goals export (its ZIP or the directory of its JSON files).",
            discussion: """
            Appends cycles, people, objectives, key results, phased targets, check-ins (as observations and \
            check-ins) and comments, each back-dated to when it happened in Viva, in one commit. Importing \
            the same export again appends nothing; a later export appends only what is new. --dry-run \
            prints what would be appended and what could not be mapped. See docs/IMPORT.md.
            Exit status 3: the export (or the users file) cannot be imported, or okrd refused it; nothing was appended.
            """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The export: a .zip, or the directory it unpacks to.") var path: String
        @Flag(name: .customLong("dry-run"), help: "Only print what would be appended; append nothing.") var dryRun = false
        @Option(name: .customLong("users"), help: "A CSV of email,id mapping Viva's people to okr person ids.") var users: String?

        func run() throws {
            let mapping = try users.map(ImportUsersFile.read) ?? [:]
            let plan: ImportPlan
            do {
                plan = try VivaImport.plan(try VivaExport(path: path), users: mapping)
            } catch {
                throw CLIError.rejected(Format.line("\(error); nothing was appended"))
            }
            let client = try options.connect()
            let result: ImportCommitResult
            do {
                result = try ImportUpload(client: client).send(plan, dryRun: dryRun)
            } catch {
                throw CLIError(error)
            }
            let report = ImportReport(source: path, dryRun: dryRun, plan: plan, result: result)
            try Output.emit(report, json: options.json) { $0.render(style: .current) }
        }
    }
}
