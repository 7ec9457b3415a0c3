import ArgumentParser
import OKRWire

/// `okrctl northstar add`.
struct NorthStarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "northstar", abstract: "Define North Star Metrics.",
                                                    subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Define a North Star Metric.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Its id.") var id: String
        @Option(help: "Its name.") var name: String
        @Option(help: "The metric key that measures it.") var metric: String
        @Option(help: "What it stands for.") var description: String?

        func run() throws {
            let params = NorthStarAddParams(id: id, name: name, metric: metric, description: description)
            try Output.emit(try options.call(Methods.northStarAdd, params), json: options.json) { $0.id }
        }
    }
}

/// `okrctl strategy add`.
struct StrategyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "strategy", abstract: "Record strategy choices.",
                                                    subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record a strategy choice under a North Star.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Its id.") var id: String
        @Option(help: "The North Star it serves.") var northstar: String
        @Argument(help: "The choice, in a sentence.") var statement: String

        func run() throws {
            let params = StrategyAddParams(id: id, northStar: northstar, statement: statement)
            try Output.emit(try options.call(Methods.strategyAdd, params), json: options.json) { $0.id }
        }
    }
}
