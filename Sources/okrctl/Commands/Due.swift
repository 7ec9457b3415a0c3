import ArgumentParser
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl due`: what needs someone now (SPEC §9); exit status 4 when anything is, so that a
/// cron line mails only then.
struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What needs someone now: check-ins, quiet feeds, expiring insights, commitments at risk.",
        discussion: """
            One row each, by owner. Exit status 4 when anything is due and 0 when nothing is, so that \
            `okrctl due --mine || mail …` in a crontab writes only when there is something to do.
            """)
    @OptionGroup var options: GlobalOptions
    @OptionGroup var owners: OwnerOptions
    @Option(help: "One team's: its objectives and the key results it works on.") var team: String?
    @Option(help: "Insights expiring within this many days are due (default 7).") var within: NumberArgument?
    @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?

    func run() throws {
        let params = DueParams(owner: owners.owner, mine: owners.mine ? true : nil, team: team, within: within?.value, asOf: try asOf?.instant(options))
        let report = try options.call(Methods.due, params)
        try Output.emit(report, json: options.json) { report in
            guard !report.items.isEmpty else { return "nothing due" }
            var table = Table("OWNER", "SUBJECT", "WHAT", "SINCE", "")
            for item in report.items {
                table.add([item.owner ?? "nobody", item.subject, item.kind.rawValue, Format.day(item.since), item.message])
            }
            return table.render()
        }
        if !report.items.isEmpty {
            let count = report.items.count
            throw CLIError(message: "\(count) thing\(count == 1 ? " is" : "s are") due", exitCode: 4)
        }
    }
}
