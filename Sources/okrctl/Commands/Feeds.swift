import ArgumentParser
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl feeds`: metric feeds gone quiet (a dead-man's switch for cron jobs), most overdue first.
struct Feeds: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feeds", abstract: "Metric feeds gone quiet, most overdue first.")
    @OptionGroup var options: GlobalOptions
    @Flag(help: "List every metric, not only the quiet ones.") var all = false

    func run() throws {
        let report = try options.call(Methods.feeds, FeedsParams(all: all))
        try Output.emit(report, json: options.json) { report in
            guard !report.feeds.isEmpty else { return "every feed is on time" }
            var table = Table([.init(title: "METRIC"), .init(title: "LAST"), .init(title: "CADENCE", alignment: .right),
                               .init(title: "OVERDUE", alignment: .right), .init(title: "COUNT", alignment: .right), .init(title: "KEY RESULTS")])
            for feed in report.feeds {
                let overdue = feed.overdueSeconds > 0 ? Self.duration(feed.overdueSeconds) : "–"
                table.add([feed.metric, Format.time(feed.lastObservedAt), feed.cadenceSeconds.map(Self.duration) ?? "?", overdue,
                           String(feed.observations), feed.keyResults.joined(separator: ", ")])
            }
            return table.render()
        }
    }

    /// `3d 4h`, `5h 10m`, `42m`.
    static func duration(_ seconds: Double) -> String {
        let minutes = Int(seconds / 60)
        if minutes >= 1440 { return "\(minutes / 1440)d \(minutes % 1440 / 60)h" }
        if minutes >= 60 { return "\(minutes / 60)h \(minutes % 60)m" }
        return "\(max(minutes, 0))m"
    }
}
