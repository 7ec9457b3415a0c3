import ArgumentParser
import Foundation
import OKRPages
import OKRProjections
import OKRWire

/// `okrctl metric link|unlink|tree|lead` (SPEC §14): metrics as things of their own, which
/// drives which, and whether one really moves before another.
struct MetricCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metric", abstract: "Which metric drives which, and whether a leading indicator leads.",
        subcommands: [Link.self, Unlink.self, Tree.self, Lead.self])

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "link", abstract: "Declare that one metric drives another.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The leading metric.") var leading: String
        @Option(help: "The metric it drives.") var drives: String
        @Option(help: "Why it should.") var note: String?

        func run() throws {
            let result = try options.call(Methods.metricLink, MetricLinkParams(leading: leading, lagging: drives, note: note))
            try Output.emit(result, json: options.json) { _ in "\(leading) drives \(drives)" }
        }
    }

    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unlink", abstract: "Withdraw a link between two metrics.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The leading metric.") var leading: String
        @Option(help: "The metric it was said to drive.") var drives: String

        func run() throws {
            let result = try options.call(Methods.metricUnlink, MetricLinkParams(leading: leading, lagging: drives))
            try Output.emit(result, json: options.json) { _ in "\(leading) no longer drives \(drives)" }
        }
    }

    struct Tree: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tree", abstract: "North star ← input metrics ← key result metrics and KPIs, each link with its evidence.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only under this north star.") var northstar: String?
        @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?

        func run() throws {
            let report = try options.call(Methods.metricTree, MetricTreeParams(northstar: northstar, asOf: try asOf?.instant(options)))
            try Output.emit(report, json: options.json) { report in
                guard !report.roots.isEmpty else { return "no north star and no linked metrics" }
                var lines: [String] = []
                func draw(_ node: MetricNode, prefix: String, last: Bool, root: Bool) {
                    var label = node.metric
                    if let star = node.northStar { label = "★ \(label) (north star \(star))" }
                    let uses = node.keyResults + node.kpis.map { "KPI \($0)" }
                    if !uses.isEmpty { label += "  [\(uses.joined(separator: ", "))]" }
                    if let link = node.link {
                        let mark = link.leads == true ? "✓" : link.leads == false ? "✗" : "?"
                        label += "  \(mark) \(Format.line(link.verdict))"
                        if let note = link.note { label += " — \(Format.line(note))" }
                    }
                    lines.append(root ? label : prefix + (last ? "└─ " : "├─ ") + label)
                    let childPrefix = root ? "" : prefix + (last ? "   " : "│  ")
                    for (index, child) in node.inputs.enumerated() {
                        draw(child, prefix: childPrefix, last: index == node.inputs.count - 1, root: false)
                    }
                }
                for root in report.roots { draw(root, prefix: "", last: true, root: true) }
                return lines.joined(separator: "\n")
            }
        }
    }

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
            let report = try options.call(Methods.metricLead, MetricLeadParams(a: a, b: b, maxLag: maxLag, from: from?.utcInstant, to: to?.utcInstant))
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
