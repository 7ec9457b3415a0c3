import ArgumentParser
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl status`: every key result's progress, pace, forecast and confidence, as of any instant.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Progress, pace and confidence of every key result.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "One cycle (default: the active one).") var cycle: String?
    @Option(help: "One team's objectives.") var team: String?
    @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?
    @Option(name: .customLong("known-at"), help: "Using only what the log knew then (default: now).") var knownAt: TimeArgument?
    @OptionGroup var owners: OwnerOptions

    func run() throws {
        let params = StatusParams(cycle: cycle, team: team, asOf: try asOf?.instant(options), knownAt: try knownAt?.instant(options),
                                  owner: owners.owner, mine: owners.mine ? true : nil)
        let report = try options.call(Methods.status, params)
        try Output.emit(report, json: options.json) { StatusTable.render($0, style: .current) }
    }
}

/// The human form of `status`: one table per cycle, objectives with their key results beneath.
enum StatusTable {
    static func render(_ report: StatusReport, style: Style) -> String {
        guard !report.cycles.isEmpty else { return "no cycle to show: okrctl cycle add ID --start DATE --end DATE" }
        var sections: [String] = []
        for cycle in report.cycles {
            var header = "\(style.bold(cycle.id))  \(Format.line(cycle.name))  \(cycle.start) → \(cycle.end)  "
                + "expected \(Format.percent(cycle.expected))  alignment \(Format.percent(cycle.alignment))"
            if report.asOf != report.knownAt || true {
                header += style.dim("  as of \(Format.time(report.asOf))")
            }
            var table = Table([
                .init(title: "ID"), .init(title: "TITLE"), .init(title: "OWNER"), .init(title: "CURRENT", alignment: .right),
                .init(title: "TARGET", alignment: .right), .init(title: "SCORE"), .init(title: "PACE"),
                .init(title: "FORECAST", alignment: .right), .init(title: "CONFIDENCE"),
            ])
            for objective in cycle.objectives {
                let score = "\(Format.bar(objective.score)) \(Format.percent(objective.score))"
                var confidence = objective.confidence.map { Format.number($0) + "/10" } ?? "–"
                // The team's own word on the objective, beside its key results' mean.
                if objective.checkInConfidence != nil || objective.checkInStatus != nil {
                    confidence += " (says " + [objective.checkInConfidence.map { "\($0)/10" }, objective.checkInStatus?.rawValue]
                        .compactMap { $0 }.joined(separator: " ") + ")"
                }
                // The team goes with the title: the PACE column is the key results'. So do the
                // objective's place (parents with their weights), score source and lineage.
                var notes = [objective.team]
                if !objective.parents.isEmpty {
                    notes.append("↑ " + objective.parents.map { $0.weight == 1 ? $0.id : "\($0.id)×\(Format.number($0.weight))" }
                        .joined(separator: ", "))
                }
                if objective.progressFrom != .krs { notes.append("from " + objective.progressFrom.rawValue) }
                if let source = objective.carriedFrom { notes.append("carried from " + source) }
                let note = Format.line(notes.joined(separator: " · "))
                let title = objective.title + "  " + note
                let owner = objective.owner ?? "–"
                table.add(styled: [(objective.id, style.bold(objective.id)), (title, style.bold(objective.title) + "  " + style.dim(note)),
                                   (owner, owner), ("", ""), ("", ""), (score, score), ("", ""), ("", ""),
                                   (confidence, confidence)])
                for kr in objective.krs {
                    var confidence = Format.confidence(kr.confidence)
                    if let trend = kr.confidenceTrend, trend != 0 { confidence += trend > 0 ? " ↑" : " ↓" }
                    if kr.confidenceStale == true { confidence += " stale" }
                    if let said = kr.checkInStatus { confidence += " " + said.rawValue }
                    let score = "\(Format.bar(kr.score)) \(Format.percent(kr.score))"
                    let forecast = Format.figure(kr.forecast, unit: kr.unit, like: [kr.target, kr.baseline])
                    // An owner taken from the objective is dimmed: nobody named it on the key result.
                    let owner = kr.owner ?? "–"
                    let styledOwner = kr.owner != nil && kr.owner == objective.owner ? style.dim(owner) : owner
                    table.add(styled: [
                        ("  " + kr.id, "  " + kr.id), (kr.title, kr.title), (owner, styledOwner),
                        (Format.number(kr.current, unit: kr.unit), Format.number(kr.current, unit: kr.unit)),
                        (Format.number(kr.target, unit: kr.unit), Format.number(kr.target, unit: kr.unit)),
                        (score, score), (kr.pace.rawValue, Format.pace(kr.pace, style: style)),
                        (forecast, forecast), (confidence, confidence),
                    ])
                }
            }
            sections.append(table.isEmpty ? header + "\n(no objectives)" : header + "\n" + table.render(style: style))
        }
        return sections.joined(separator: "\n\n")
    }
}
