import ArgumentParser
import Foundation
import OKRPages
import OKRProjections
import OKRWire

/// `okrctl kpi add|update|retire|list|show` (SPEC §14): standing health metrics beside the OKRs,
/// each with a healthy band and no end date.
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi", abstract: "Health metrics with a band and no end date, beside the OKRs.",
        subcommands: [Add.self, Update.self, Retire.self, List.self, Show.self])

    /// `--at-least X | --at-most X | --between X..Y`.
    struct BandOptions: ParsableArguments {
        @Option(name: .customLong("at-least"), help: "Healthy while the value is at least this.") var atLeast: Double?
        @Option(name: .customLong("at-most"), help: "Healthy while the value is at most this.") var atMost: Double?
        @Option(help: "Healthy while the value lies in X..Y (bounds included).") var between: BandArgument?

        func validate() throws {
            guard [atLeast != nil, atMost != nil, between != nil].filter({ $0 }).count <= 1 else {
                throw ValidationError("give one of --at-least, --at-most and --between")
            }
        }

        var given: Bool { atLeast != nil || atMost != nil || between != nil }
        var min: Double? { between?.min ?? atLeast }
        var max: Double? { between?.max ?? atMost }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Define a KPI: healthy while the mean of its metric over the window lies in the band.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The KPI's id.") var id: String
        @Option(help: "The metric it watches.") var metric: String
        @Option(help: "What it is called.") var name: String
        @Option(help: "The team it belongs to.") var team: String?
        @Option(help: "Who watches it (a person's id).") var owner: String?
        @OptionGroup var band: BandOptions
        @Option(help: "Days averaged over (default 1).") var window: Int?
        @Option(help: "From when it counts (default: now).") var at: TimeArgument?

        func validate() throws {
            guard band.given else { throw ValidationError("give the band: --at-least X, --at-most X or --between X..Y") }
        }

        func run() throws {
            let result = try options.call(Methods.kpiAdd, KPIAddParams(id: id, metric: metric, name: name, team: team, owner: owner,
                                                                       min: band.min, max: band.max, window: window, at: try at?.instant(options)))
            try Output.emit(result, json: options.json) { "KPI \($0.id) defined (seq \($0.seq))" }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Change a KPI from now (or --at) on; a new band replaces the old one.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The KPI's id.") var id: String
        @Option(help: "Another metric.") var metric: String?
        @Option(help: "Another name.") var name: String?
        @Option(help: "Another team (\"\" for none).") var team: String?
        @Option(help: "Another owner (\"\" for none).") var owner: String?
        @OptionGroup var band: BandOptions
        @Option(help: "Days averaged over.") var window: Int?
        @Option(help: "From when it counts (default: now).") var at: TimeArgument?

        func run() throws {
            let params = KPIUpdateParams(id: id, metric: metric, name: name, team: team, owner: owner, min: band.min, max: band.max,
                                         window: window, at: try at?.instant(options))
            let result = try options.call(Methods.kpiUpdate, params)
            try Output.emit(result, json: options.json) { "KPI \($0.id) updated (seq \($0.seq))" }
        }
    }

    struct Retire: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retire", abstract: "Stop watching a KPI from now (or --at) on.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The KPI's id.") var id: String
        @Option(help: "Why.") var reason: String?
        @Option(help: "From when (default: now).") var at: TimeArgument?

        func run() throws {
            let result = try options.call(Methods.kpiRetire, KPIRetireParams(id: id, reason: reason, at: try at?.instant(options)))
            try Output.emit(result, json: options.json) { "KPI \($0.id) retired (seq \($0.seq))" }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every KPI: value, band, health and since when.")
        @OptionGroup var options: GlobalOptions
        @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?
        @Option(help: "One team's KPIs.") var team: String?
        @Option(help: "One owner's KPIs.") var owner: String?

        func run() throws {
            let report = try options.call(Methods.kpiList, KPIListParams(asOf: try asOf?.instant(options), team: team, owner: owner))
            try Output.emit(report, json: options.json) { report in
                guard !report.kpis.isEmpty else { return "no KPIs" }
                var table = Table([.init(title: "KPI"), .init(title: "NAME"), .init(title: "OWNER"), .init(title: "VALUE", alignment: .right),
                                   .init(title: "BAND"), .init(title: "HEALTH"), .init(title: "SINCE"), .init(title: "30 DAYS")])
                for kpi in report.kpis {
                    table.add([kpi.id, Format.line(kpi.name), kpi.owner ?? "–", Format.number(kpi.value),
                               KPIEntry.bandText(kpi.band.min, kpi.band.max) + (kpi.window > 1 ? " (\(kpi.window) d)" : ""),
                               kpi.health.rawValue, Format.time(kpi.since), Format.sparkline(kpi.sparkline.compactMap { $0 }, width: 30)])
                }
                return table.render()
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One KPI: its history and every change of health.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The KPI's id.") var id: String
        @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?

        func run() throws {
            let detail = try options.call(Methods.kpiShow, KPIShowParams(id: id, asOf: try asOf?.instant(options)))
            try Output.emit(detail, json: options.json) { detail in
                let kpi = detail.kpi
                var lines = ["\(kpi.id) “\(Format.line(kpi.name))” on \(kpi.metric)\(kpi.owner.map { ", owner \($0)" } ?? "")\(kpi.team.map { ", team \($0)" } ?? "")",
                             "band \(KPIEntry.bandText(kpi.band.min, kpi.band.max)) over \(kpi.window) d: value \(Format.number(kpi.value)), \(kpi.health.rawValue) since \(Format.time(kpi.since))"]
                if let retired = detail.retiredAt { lines.append("retired \(Format.time(retired))\(detail.reason.map { ": \(Format.line($0))" } ?? "")") }
                lines.append("")
                var changes = Table([.init(title: "FROM"), .init(title: "HEALTH"), .init(title: "VALUE", alignment: .right)])
                for change in detail.changes { changes.add([Format.time(change.at), change.health.rawValue, Format.number(change.value)]) }
                lines.append(changes.render())
                lines.append("")
                var history = Table([.init(title: "AT"), .init(title: "EVENT"), .init(title: "WHAT")])
                for entry in detail.history { history.add([Format.time(entry.at), entry.type, Format.line(entry.detail)]) }
                lines.append(history.render())
                return lines.joined(separator: "\n")
            }
        }
    }
}

/// `X..Y`: a band with both bounds.
struct BandArgument: ExpressibleByArgument, Sendable {
    var min: Double
    var max: Double

    init?(argument: String) {
        let parts = argument.components(separatedBy: "..")
        guard parts.count == 2, let min = Double(parts[0]), let max = Double(parts[1]) else { return nil }
        (self.min, self.max) = (min, max)
    }
}
