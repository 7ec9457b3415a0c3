import ArgumentParser
import Foundation
import OKRPages
import OKRProjections
import OKRWire

/// `okrctl metric lead` (SPEC §14): metrics as things of their own, and whether one really
/// moves before another.
struct MetricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metric", abstract: "Whether a leading indicator leads.",
        subcommands: [Lead.self])

    struct Lead: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lead", abstract: "Does A's daily change move before B's? r at each lag, the Granger F-test at the best.",
            discussion: """
                Each metric becomes one value per UTC day (the day's last observation, straight lines between observed \
                days), cut to the days both cover and differenced once. The verdict names a lead only when p times the \
                number of lags searched is below 0.01. Fewer than 30 pairs at the best lag: exit 3. docs/PRACTICE.md \
                says what the test can and cannot tell.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The metric that would lead.") var a: String
        @Argument(help: "The metric it would lead.") var b: String
        @Option(name: .customLong("max-lag"), help: "The most days of lag to search, 1 to 365 (default 30).") var maxLag: Int?
        @Option(help: "Compare from this day on (its UTC date).") var from: TimeArgument?
        @Option(help: "Compare through this day (its UTC date).") var to: TimeArgument?

        func run() throws {
            let report = try options.call(Methods.metricLead, MetricLeadParams(a: a, b: b, maxLag: maxLag, from: from?.instant, to: to?.instant))
            try Output.emit(report, json: options.json) { Self.render($0) }
        }

        static func render(_ report: LeadReport) -> String {
            var table = Table([.init(title: "LAG", alignment: .right), .init(title: "R", alignment: .right), .init(title: ""),
                               .init(title: "N", alignment: .right)])
            for lag in report.lags {
                let marker = lag.lag == report.best.lag ? "◀ best" : ""
                table.add([String(lag.lag), lag.r.map { String(format: "%+.3f", $0) } ?? "–",
                           Format.bar(lag.r.map(abs)) + " " + marker, String(lag.n)])
            }
            let best = report.best
            return """
                \(Format.line(report.a)) → \(Format.line(report.b)): \(report.commonDays) common days, lags 1–\(report.maxLag)
                \(table.render())
                Granger at lag \(best.lag): F(\(best.dfNum), \(best.dfDenom)) = \(String(format: "%.4g", best.f)), \
                p = \(String(format: "%.3g", best.p)), p × \(report.maxLag) lags = \(String(format: "%.3g", best.p * Double(report.maxLag)))
                \(Format.line(report.verdict))
                """
        }
    }
}
