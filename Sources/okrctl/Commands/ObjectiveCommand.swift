import ArgumentParser
import OKREvents
import OKRWire

/// `okrctl objective add|update|drop`.
struct ObjectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "objective", abstract: "Create, update and drop objectives.",
                                                    subcommands: [Add.self, Update.self, Drop.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an objective (qualitative: no numbers in it).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective.") var title: String
        @Option(help: "Its cycle.") var cycle: String
        @Option(help: "The team that owns it.") var team: String
        @Option(help: "Choose the id (default: O-1, O-2, …).") var id: String?
        @Option(help: "A parent objective, possibly another team's.") var parent: String?
        @Option(help: "The strategy choice it serves.") var strategy: String?
        @Option(help: "The person who owns it (see person set).") var owner: String?
        @Flag(help: "Committed (expected to reach 1.0) or aspirational (0.6–0.7 is a good result; the default).")
        var kind: ObjectiveKindFlag = .aspirational

        func run() throws {
            let params = ObjectiveAddParams(title: title, cycle: cycle, team: team, id: id, parent: parent, strategy: strategy,
                                            kind: kind == .committed ? .committed : .aspirational, owner: owner)
            try Output.emit(try options.call(.objectiveAdd, params, as: WriteResult.self), json: options.json) { $0.id }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Change an objective's title, owner, kind or strategy choice.",
            discussion: "An empty --owner or --strategy removes it. The change counts from now; `status --as-of` earlier shows it as it was.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective's id.") var id: String
        @Option(help: "The new title.") var title: String?
        @Option(help: "The person who owns it (empty: nobody).") var owner: String?
        @Option(help: "committed or aspirational.") var kind: ObjectiveKind?
        @Option(help: "The strategy choice it serves (empty: none).") var strategy: String?

        func validate() throws {
            if title == nil, owner == nil, kind == nil, strategy == nil {
                throw ValidationError("give at least one of --title, --owner, --kind, --strategy")
            }
        }

        func run() throws {
            let params = ObjectiveUpdateParams(id: id, title: title, owner: owner, kind: kind, strategy: strategy)
            try Output.emit(try options.call(.objectiveUpdate, params, as: WriteResult.self), json: options.json) { _ in "" }
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
