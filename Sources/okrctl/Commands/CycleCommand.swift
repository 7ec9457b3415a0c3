import ArgumentParser
import OKRWire

/// `okrctl cycle add|list`.
struct CycleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cycle", abstract: "Define and list cycles (quarters).",
                                                    subcommands: [Add.self, Plan.self, List.self, Close.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan", abstract: "Create a fiscal year and its quarters (and months) as cycles.",
            discussion: """
                The year follows okrd's [organisation] fiscal_year_starts and week_starts. quarters: twelve calendar \
                months ending with the month before fiscal_year_starts of year N (FY2027 with an April start is \
                2026-04-01 … 2027-03-31). 4-4-5, 4-5-4, 5-4-4: 52 or 53 whole weeks ending on the last day of that month \
                before a week_starts day; 13-week quarters, a 53rd week in the last month. Cycles that exist with the \
                same dates are kept; any with other dates refuses the plan.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The fiscal year: 2027 or FY2027.") var year: String
        @Option(help: "quarters, 4-4-5, 4-5-4 or 5-4-4.") var pattern: String
        @Option(help: "The ids' prefix (default FY).") var prefix: String?
        @Flag(help: "Also its twelve months (FY2027-M01 …).") var months = false

        func run() throws {
            let result = try options.call(Methods.cyclePlan, CyclePlanParams(year: year, pattern: pattern, prefix: prefix, months: months))
            try Output.emit(result, json: options.json) { result in
                var table = Table([.init(title: "CYCLE"), .init(title: "START"), .init(title: "END"), .init(title: "")])
                for cycle in result.cycles {
                    table.add([cycle.id, cycle.start.description, cycle.end.description, cycle.created ? "created" : "exists"])
                }
                return table.render()
            }
        }
    }

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
