import ArgumentParser
import OKRWire

/// `okrctl cycle add|list`.
struct CycleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cycle", abstract: "Define and list cycles (quarters).",
                                                    subcommands: [Add.self, List.self, Close.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Define a cycle of inclusive UTC days.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The cycle's id, e.g. 2026-Q1.") var id: String
        @Option(help: "First day (YYYY-MM-DD).") var start: DayArgument
        @Option(help: "Last day, inclusive (YYYY-MM-DD).") var end: DayArgument
        @Option(help: "A display name (default: the id).") var name: String?

        func run() throws {
            let result = try options.call(Methods.cycleAdd, CycleAddParams(id: id, start: start.day, end: end.day, name: name))
            try Output.emit(result, json: options.json) { $0.id }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close a cycle: freeze every key result's and objective's score for grading.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The cycle's id.") var id: String

        func run() throws {
            let result = try options.call(Methods.cycleClose, CycleCloseParams(id: id))
            try Output.emit(result, json: options.json) { _ in "" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List cycles by start date.")
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let result = try options.call(Methods.cycleList)
            try Output.emit(result, json: options.json) { result in
                var table = Table([.init(title: "ID"), .init(title: "NAME"), .init(title: "START"), .init(title: "END"),
                                   .init(title: "OBJECTIVES", alignment: .right), .init(title: "STATE")])
                for cycle in result.cycles {
                    table.add([cycle.id, cycle.name, cycle.start.description, cycle.end.description,
                               String(cycle.objectives), cycle.closed ? "closed" : "open"])
                }
                return table.isEmpty ? "no cycles yet: okrctl cycle add ID --start DATE --end DATE" : table.render()
            }
        }
    }
}
