import ArgumentParser
import OKREvents
import OKRPages
import OKRWire

/// `okrctl insight add|renew|list`.
struct InsightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "insight", abstract: "Discovery insights that age and expire.",
                                                    subcommands: [Add.self, Renew.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Record an insight on a key result or objective.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "What was learned.") var text: String
        @Option(help: "The key result or objective it supports.") var on: String
        @Option(help: "When it stops being trusted (default: okrd's insights.default_lifetime_days, 90 days).") var expires: TimeArgument?
        @Option(help: "What it rests on (interviews, a survey …).") var evidence: String?
        @Option(help: "Choose the id (default: I-1, I-2, …).") var id: String?

        func run() throws {
            let params = InsightAddParams(subject: on, text: text, expires: try expires?.instant(options), evidence: evidence, id: id)
            try Output.emit(try options.call(Methods.insightAdd, params), json: options.json) { $0.id }
        }
    }

    struct Renew: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "renew", abstract: "Renew an insight (valid again until the new expiry).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The insight's id.") var id: String
        @Option(help: "The new expiry.") var expires: TimeArgument
        @Option(help: "New evidence.") var evidence: String?

        func run() throws {
            let params = InsightRenewParams(id: id, expires: try expires.instant(options), evidence: evidence)
            try Output.emit(try options.call(Methods.insightRenew, params), json: options.json) { _ in "" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List valid insights (or, with --expired, expired ones).")
        @OptionGroup var options: GlobalOptions
        @Flag(help: "List the expired ones instead.") var expired = false

        func run() throws {
            let result = try options.call(Methods.insightList, InsightListParams(expired: expired))
            try Output.emit(result, json: options.json) { result in
                var table = Table("ID", "ON", "EXPIRES", "TEXT", "EVIDENCE")
                for insight in result.insights {
                    table.add([insight.id, insight.subject, Format.time(insight.expiresAt), insight.text, insight.evidence ?? ""])
                }
                return table.isEmpty ? (expired ? "no expired insights" : "no valid insights") : table.render()
            }
        }
    }
}
