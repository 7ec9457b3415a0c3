import ArgumentParser
import OKREvents
import OKRWire

/// `okrctl objective add|update|align|unalign|carry|drop`.
struct ObjectiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objective", abstract: "Create, update, align, carry over and drop objectives.",
        subcommands: [Add.self, Update.self, Align.self, Unalign.self, Carry.self, Drop.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create an objective (qualitative: no numbers in it).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective.") var title: String
        @Option(help: "Its cycle.") var cycle: String
        @Option(help: "The team that owns it.") var team: String
        @Option(help: "Choose the id (default: O-1, O-2, …).") var id: String?
        @Option(name: .customLong("parent"), help: ArgumentHelp(
            "A parent objective in any cycle, possibly another team's, with the weight of this one in it (default 1). Repeatable.",
            valueName: "ID[:WEIGHT]"))
        var parents: [ParentArgument] = []
        @Option(help: "The strategy choice it serves.") var strategy: String?
        @Option(help: "The person who owns it (see person set).") var owner: String?
        @Option(help: "Where its score comes from: krs (default), children or both.") var progress: ProgressSource?
        @Flag(help: "Committed (expected to reach 1.0) or aspirational (0.6–0.7 is a good result; the default).")
        var kind: ObjectiveKindFlag = .aspirational

        func run() throws {
            let params = ObjectiveAddParams(title: title, cycle: cycle, team: team, id: id, strategy: strategy,
                                            kind: kind == .committed ? .committed : .aspirational, owner: owner,
                                            parents: parents.isEmpty ? nil : parents.map(\.parent), progress: progress)
            try Output.emit(try options.call(Methods.objectiveAdd, params), json: options.json) { $0.id }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Change an objective's title, owner, kind, strategy choice, parents or progress source.",
            discussion: "An empty --owner or --strategy removes it. --parent (repeatable) makes the parents exactly those given. "
                + "The change counts from --at (default now); `status --as-of` earlier shows it as it was.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective's id.") var id: String
        @Option(help: "The new title.") var title: String?
        @Option(help: "The person who owns it (empty: nobody).") var owner: String?
        @Option(help: "committed or aspirational.") var kind: ObjectiveKind?
        @Option(help: "The strategy choice it serves (empty: none).") var strategy: String?
        @Option(name: .customLong("parent"), help: ArgumentHelp("Its parents from now on, each with a weight (default 1). Repeatable.",
                                                              valueName: "ID[:WEIGHT]"))
        var parents: [ParentArgument] = []
        @Option(help: "Where its score comes from: krs, children or both.") var progress: ProgressSource?
        @Option(help: "When the change takes effect (default: now).") var at: TimeArgument?

        func validate() throws {
            if title == nil, owner == nil, kind == nil, strategy == nil, parents.isEmpty, progress == nil {
                throw ValidationError("give at least one of --title, --owner, --kind, --strategy, --parent, --progress")
            }
        }

        func run() throws {
            let params = ObjectiveUpdateParams(id: id, title: title, owner: owner, kind: kind, strategy: strategy,
                                               parents: parents.isEmpty ? nil : parents.map(\.parent), progress: progress,
                                               at: try at?.instant(options))
            try Output.emit(try options.call(Methods.objectiveUpdate, params), json: options.json) { _ in "" }
        }
    }

    struct Align: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "align", abstract: "Align an objective under a parent of any cycle, or change its weight there.",
            discussion: "A link that would make a loop is refused, naming it.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective's id.") var id: String
        @Option(help: ArgumentHelp("The parent and the weight of this objective in it (default 1).", valueName: "ID[:WEIGHT]"))
        var parent: ParentArgument
        @Option(help: "When it takes effect (default: now).") var at: TimeArgument?

        func run() throws {
            let params = ObjectiveAlignParams(id: id, parent: parent.parent.id, weight: parent.parent.weight, at: try at?.instant(options))
            try Output.emit(try options.call(Methods.objectiveAlign, params), json: options.json) { _ in "" }
        }
    }

    struct Unalign: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unalign", abstract: "Take an objective out from under a parent.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective's id.") var id: String
        @Option(help: "The parent it no longer serves.") var parent: String
        @Option(help: "When it takes effect (default: now).") var at: TimeArgument?

        func run() throws {
            let params = ObjectiveUnalignParams(id: id, parent: parent, at: try at?.instant(options))
            try Output.emit(try options.call(Methods.objectiveUnalign, params), json: options.json) { _ in "" }
        }
    }

    struct Carry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "carry", abstract: "Carry an unfinished objective into another cycle.",
            discussion: "The new objective keeps the title, team, kind, owner, parents and strategy, and names where it came from. "
                + "Each carried key result starts from its value at the end of the source cycle. Prints the new ids, "
                + "the objective's first and then one key result a line.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: ArgumentHelp("The objective's id.", valueName: "id")) var source: String
        @Option(help: "The cycle it carries into.") var to: String
        @Option(name: .customLong("kr"), help: "A key result to carry (repeatable; default: every active one not yet done).")
        var krs: [String] = []
        @Option(name: .customLong("id"), help: "The new objective's id (default: the next O-n).") var newID: String?

        func run() throws {
            let params = ObjectiveCarryParams(id: source, to: to, krs: krs.isEmpty ? nil : krs, newID: newID)
            try Output.emit(try options.call(Methods.objectiveCarry, params), json: options.json) {
                ([$0.id] + $0.krs).joined(separator: "\n")
            }
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Drop an objective; its key results stop counting.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The objective's id.") var id: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            try Output.emit(try options.call(Methods.objectiveDrop, DropParams(id: id, reason: reason)),
                            json: options.json) { _ in "" }
        }
    }
}

/// `--committed` or `--aspirational`.
enum ObjectiveKindFlag: String, EnumerableFlag {
    case committed
    case aspirational
}
