import ArgumentParser
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl tree`: north star → strategy choices → objectives → cascaded objectives → key results.
struct Tree: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tree", abstract: "The sandwich: north star → strategy → objectives → key results.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "One cycle (default: the active one).") var cycle: String?
    @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?
    @OptionGroup var owners: OwnerOptions

    func run() throws {
        let params = TreeParams(cycle: cycle, asOf: try asOf?.instant(options), owner: owners.owner, mine: owners.mine ? true : nil)
        let tree = try options.call(Methods.tree, params)
        try Output.emit(tree, json: options.json) { TreeText.render($0, style: .current) }
    }
}

/// The human form of `tree`: an indented outline per cycle shown.
enum TreeText {
    static func render(_ tree: TreeReport, style: Style) -> String {
        (tree.cycles ?? [tree]).map { renderCycle($0, style: style) }.joined(separator: "\n\n")
    }

    private static func renderCycle(_ tree: TreeReport, style: Style) -> String {
        var lines = ["\(style.bold(tree.cycle))  alignment \(Format.percent(tree.alignment))"]
        for star in tree.northStars {
            lines.append("★ \(style.bold(Format.line(star.name))) [\(star.id)]  \(star.metric) = \(Format.number(star.current))")
            for strategy in star.strategies {
                lines.append("  ◆ \(Format.line(strategy.statement)) [\(strategy.id)]")
                if strategy.objectives.isEmpty { lines.append(style.dim("      (no objective serves this strategy this cycle)")) }
                for objective in strategy.objectives { append(objective, depth: 3, under: nil, in: tree.cycle, to: &lines, style: style) }
            }
        }
        for parent in tree.parentsInOtherCycles {
            lines.append("  ↑ \(style.bold(parent.id)) \(Format.line(parent.title))  \(style.dim("\(parent.team) · cycle \(parent.cycle)"))")
            for objective in parent.children { append(objective, depth: 2, under: parent.id, in: tree.cycle, to: &lines, style: style) }
        }
        if !tree.unlinked.isEmpty {
            lines.append("")
            lines.append(style.yellow("Linked to nothing (OKR008):"))
            for objective in tree.unlinked { append(objective, depth: 1, under: nil, in: tree.cycle, to: &lines, style: style) }
        }
        return lines.joined(separator: "\n")
    }

    /// One objective under `parent` (its weight there shown when not 1), its key results and children;
    /// one from a cycle other than `cycle` names its own.
    private static func append(_ objective: TreeReport.ObjectiveNode, depth: Int, under parent: String?, in cycle: String,
                               to lines: inout [String], style: Style) {
        let indent = String(repeating: "  ", count: depth)
        let confidence = objective.confidence.map { " conf \(Format.number($0))/10" } ?? ""
        let owner = objective.owner.map { " @" + $0 } ?? ""
        var notes: [String] = []
        if let weight = objective.parents.first(where: { $0.id == parent })?.weight, weight != 1 { notes.append("×" + Format.number(weight)) }
        if objective.cycle != cycle { notes.append("cycle " + objective.cycle) }
        if objective.progressFrom != .krs { notes.append("from " + objective.progressFrom.rawValue) }
        if let source = objective.carriedFrom { notes.append("carried from " + Format.line(source)) }
        if objective.repeated == true { notes.append("shown in full above") }
        let extra = notes.isEmpty ? "" : "  " + style.dim(notes.joined(separator: " · "))
        lines.append("\(indent)● \(style.bold(objective.id)) \(Format.line(objective.title))  \(style.dim(objective.team + owner)) "
            + "\(Format.bar(objective.score, width: 5)) \(Format.percent(objective.score))\(confidence)\(extra)")
        for item in objective.workItems { lines.append("\(indent)    ↳ \(item.ref) \(Format.line(item.title ?? ""))") }
        for kr in objective.keyResults {
            // Only an owner other than the objective's is named: the rest are the objective owner's.
            let krOwner = kr.owner.flatMap { $0 == objective.owner ? nil : "  " + style.dim("@" + $0) } ?? ""
            // A shared objective's key results of other teams name theirs.
            let krTeam = kr.team == objective.team ? "" : "  " + style.dim(kr.team)
            lines.append("\(indent)    – \(kr.id) \(Format.line(kr.title))  \(Format.percent(kr.score)) \(Format.pace(kr.pace, style: style)) "
                + Format.confidence(kr.confidence) + krOwner + krTeam)
            for item in kr.workItems { lines.append("\(indent)        ↳ \(item.ref) \(Format.line(item.title ?? ""))") }
            for initiative in kr.initiatives {
                lines.append("\(indent)        ▸ \(initiative.id) \(Format.line(initiative.title)) (\(initiative.state)\(initiative.owner.map { ", \($0)" } ?? ""))")
            }
        }
        for child in objective.children { append(child, depth: depth + 1, under: objective.id, in: cycle, to: &lines, style: style) }
    }
}
