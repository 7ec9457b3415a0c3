import ArgumentParser
import OKREvents
import OKRProjections
import OKRWire

/// `okrctl initiative add|done|drop` (SPEC §15): the work planned for a key result, never scored.
struct InitiativeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initiative", abstract: "Work planned for a key result: listed under it, owned, never counted in a score.",
        subcommands: [Add.self, Done.self, Drop.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Plan an initiative for a key result.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "What the work is.") var title: String
        @Option(help: "The key result it serves.") var kr: String
        @Option(help: "Who leads it (a person's id).") var owner: String?
        @Option(help: "Where the work is tracked (an http or https URL).") var link: String?
        @Option(help: "Its id (default: the next IN-n).") var id: String?
        @Option(help: "When it was planned (default: now).") var at: TimeArgument?

        func run() throws {
            let params = InitiativeAddParams(title: title, kr: kr, owner: owner, link: link, id: id, at: try at?.instant(options))
            let result = try options.call(Methods.initiativeAdd, params)
            try Output.emit(result, json: options.json) { "initiative \($0.id) added (seq \($0.seq))" }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark an initiative's work done.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The initiative's id.") var id: String
        @Option(help: "When (default: now).") var at: TimeArgument?

        func run() throws { try InitiativeCommand.close(id, .done, at: at, options) }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Give an initiative up.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The initiative's id.") var id: String
        @Option(help: "When (default: now).") var at: TimeArgument?

        func run() throws { try InitiativeCommand.close(id, .dropped, at: at, options) }
    }

    static func close(_ id: String, _ outcome: InitiativeOutcome, at: TimeArgument?, _ options: GlobalOptions) throws {
        let result = try options.call(Methods.initiativeClose, InitiativeCloseParams(id: id, outcome: outcome, at: try at?.instant(options)))
        try Output.emit(result, json: options.json) { "initiative \($0.id) \(outcome.rawValue) (seq \($0.seq))" }
    }
}
