import ArgumentParser
import OKREvents
import OKRWire

/// `okrctl objective add|drop`.
struct ObjectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "objective", abstract: "Create and drop objectives.",
                                                    subcommands: [Add.self, Drop.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an objective (qualitative: no numbers in it).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective.") var title: String
        @Option(help: "Its cycle.") var cycle: String
        @Option(help: "The team that owns it.") var team: String
        @Option(help: "Choose the id (default: O-1, O-2, …).") var id: String?
        @Option(help: "A parent objective, possibly another team's.") var parent: String?
        @Option(help: "The strategy choice it serves.") var strategy: String?
        @Flag(help: "Committed (expected to reach 1.0) or aspirational (0.6–0.7 is a good result; the default).")
        var kind: ObjectiveKindFlag = .aspirational

        func run() throws {
            let params = ObjectiveAddParams(title: title, cycle: cycle, team: team, id: id, parent: parent, strategy: strategy,
                                            kind: kind == .committed ? .committed : .aspirational)
            try Output.emit(try options.call(.objectiveAdd, params, as: WriteResult.self), json: options.json) { $0.id }
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Drop an objective; its key results stop counting.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective's id.") var id: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            try Output.emit(try options.call(.objectiveDrop, DropParams(id: id, reason: reason), as: WriteResult.self),
                            json: options.json) { _ in "" }
        }
    }
}

/// `--committed` or `--aspirational`.
enum ObjectiveKindFlag: String, EnumerableFlag {
    case committed
    case aspirational
}
