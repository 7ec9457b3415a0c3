import ArgumentParser
import OKREvents
import OKRPages
import OKRWire

/// `okrctl kr add|update|move|plan|retarget|drop|show`.
struct KeyResultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kr", abstract: "Create, update, move, retarget, drop and show key results.",
                                                    subcommands: [Add.self, Update.self, Move.self, Plan.self, Retarget.self, Drop.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a key result measured by a metric.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result.") var title: String
        @Option(help: "Its objective.") var objective: String
        @Option(help: "The metric key that measures it.") var metric: String
        @Option(help: "The target (left out for a milestone).") var target: NumberArgument?
        @Option(help: "The starting value (default: from the metric's observations).") var baseline: NumberArgument?
        @Option(help: "progress (default), at-least, at-most or milestone.") var kind: KeyResultKind?
        @Option(help: "The unit, e.g. % or h.") var unit: String?
        @Option(help: "impact, outcome (default) or output.") var level: KeyResultLevel?
        @Option(help: "leading (default) or lagging.") var indicator: Indicator?
        @Option(help: "Weight in its objective's score (default 1).") var weight: NumberArgument?
        @Option(help: "Choose the id (default: KR-1, KR-2, …).") var id: String?
        @Option(help: "The person who owns it (default: its objective's owner).") var owner: String?
        @Option(help: "The team that works on it (default: its objective's team).") var team: String?

        func validate() throws {
            if target == nil, kind != .milestone {
                throw ValidationError("--target is required unless --kind milestone")
            }
        }

        func run() throws {
            let params = KeyResultAddParams(title: title, objective: objective, metric: metric, target: target?.value,
                                            baseline: baseline?.value, kind: kind, unit: unit, level: level,
                                            indicator: indicator, weight: weight?.value, id: id, owner: owner, team: team)
            try Output.emit(try options.call(Methods.keyResultAdd, params), json: options.json) { $0.id }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "Change a key result's title, owner, team, weight, level or indicator.",
            discussion: "An empty --owner or --team gives it back to its objective's. To move the target, use kr retarget: the move stays visible.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result's id.") var id: String
        @Option(help: "The new title.") var title: String?
        @Option(help: "The person who owns it (empty: its objective's owner).") var owner: String?
        @Option(help: "The team that works on it (empty: its objective's team).") var team: String?
        @Option(help: "Weight in its objective's score.") var weight: NumberArgument?
        @Option(help: "impact, outcome or output.") var level: KeyResultLevel?
        @Option(help: "leading or lagging.") var indicator: Indicator?

        func validate() throws {
            if title == nil, owner == nil, team == nil, weight == nil, level == nil, indicator == nil {
                throw ValidationError("give at least one of --title, --owner, --team, --weight, --level, --indicator")
            }
        }

        func run() throws {
            let params = KeyResultUpdateParams(id: id, title: title, owner: owner, team: team, weight: weight?.value,
                                               level: level, indicator: indicator)
            try Output.emit(try options.call(Methods.keyResultUpdate, params), json: options.json) { _ in "" }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move", abstract: "Move a key result to another objective of its cycle.",
            discussion: "It counts toward the new objective from --at (default now) on; status --as-of earlier still shows it under the old one.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result's id.") var id: String
        @Option(help: "The objective it moves to.") var objective: String
        @Option(help: "Why it moves.") var reason: String
        @Option(help: "When it takes effect (default: now).") var at: TimeArgument?

        func run() throws {
            let params = KeyResultMoveParams(id: id, objective: objective, reason: reason, at: try at?.instant(options))
            try Output.emit(try options.call(Methods.keyResultMove, params), json: options.json) { _ in "" }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan", abstract: "Plan a key result's path: checkpoints its expected value follows instead of a straight line.",
            discussion: "expected runs straight from the baseline at the cycle's start through each checkpoint (the value by "
                + "00:00 UTC of its day) to the target at the end. Pace and lint follow it. A new plan replaces the old.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result's id.") var id: String
        @Option(name: .customLong("checkpoint"), help: ArgumentHelp("A checkpoint inside the cycle (repeatable).", valueName: "DATE=VALUE"))
        var checkpoints: [String] = []
        @Flag(help: "Remove the plan: expected is the straight line again.") var clear = false

        func validate() throws {
            if clear == !checkpoints.isEmpty { throw ValidationError("give either --checkpoint DATE=VALUE (repeatable) or --clear") }
        }

        func run() throws {
            let params = KeyResultPlanParams(id: id, checkpoints: checkpoints.map(PlanCheckpointParam.init(argument:)))
            try Output.emit(try options.call(Methods.keyResultPlan, params), json: options.json) { _ in "" }
        }
    }

    struct Retarget: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retarget", abstract: "Move a key result's target (the move stays visible).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result's id.") var id: String
        @Option(help: "The new target.") var target: NumberArgument
        @Option(help: "Why the goalpost moves.") var reason: String
        @Option(help: "When it takes effect (default: now).") var at: TimeArgument?

        func run() throws {
            let params = RetargetParams(id: id, target: target.value, reason: reason, at: try at?.instant(options))
            try Output.emit(try options.call(Methods.keyResultRetarget, params), json: options.json) { _ in "" }
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "drop", abstract: "Drop a key result; it stops counting toward its objective.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result's id.") var id: String
        @Option(help: "Why.") var reason: String

        func run() throws {
            try Output.emit(try options.call(Methods.keyResultDrop, DropParams(id: id, reason: reason)),
                            json: options.json) { _ in "" }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "A key result's numbers, history, check-ins and insights.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key result's id.") var id: String
        @Option(name: .customLong("as-of"), help: "Show it as it stood then (default: now).") var asOf: TimeArgument?

        func run() throws {
            let detail = try options.call(Methods.keyResultShow, KeyResultShowParams(id: id, asOf: try asOf?.instant(options)))
            try Output.emit(detail, json: options.json) { KeyResultReport.render($0, style: .current) }
        }
    }
}

/// The human form of `kr show`: a heading, the facts, the history, then a table each for
/// check-ins, retargets, work items and insights.
enum KeyResultReport {
    static func render(_ detail: KeyResultDetail, style: Style) -> String {
        var lines = heading(detail, style: style)
        lines.append("")
        lines += facts(detail, style: style)
        if let description = detail.details?.description {
            lines.append("")
            lines.append(contentsOf: description.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + Format.line(String($0)) })
        }
        if !detail.history.isEmpty {
            lines.append("")
            lines.append("history  \(Format.sparkline(detail.history.map(\.value)))  \(detail.history.count) observations, "
                + "\(Format.number(detail.history.map(\.value).min())) – \(Format.number(detail.history.map(\.value).max()))")
        }
        lines += tables(detail, style: style)
        return lines.joined(separator: "\n")
    }

    /// The key result, its objective and cycle, its lineage and plan.
    private static func heading(_ detail: KeyResultDetail, style: Style) -> [String] {
        let kr = detail.kr
        var lines = [style.bold("\(kr.id)  \(Format.line(kr.title))"),
                     style.dim("\(detail.objective) \(Format.line(detail.objectiveTitle)) · cycle \(detail.cycle) · as of \(Format.time(detail.asOf))")]
        if let source = detail.carriedFrom { lines.append(style.dim("carried on from \(Format.line(source))")) }
        if let plan = kr.plan {
            lines.append(style.dim("plan: " + plan.map { "\($0.day) \(Format.number($0.value))" }.joined(separator: " → ")))
        }
        return lines
    }

    /// Owner, metric, numbers, pace, forecast and confidence, one a line.
    private static func facts(_ detail: KeyResultDetail, style: Style) -> [String] {
        let kr = detail.kr
        var facts = Table("", "")
        facts.add(["owner", "\(kr.owner ?? "nobody: okrctl kr update \(kr.id) --owner ID")  \(style.dim("team " + kr.team))"])
        facts.add(["metric", "\(kr.metric) (\(kr.kind.rawValue), \(kr.level.rawValue), \(kr.indicator.rawValue), weight \(Format.number(kr.weight)))"])
        facts.add(["baseline → target", "\(Format.number(kr.baseline, unit: kr.unit)) → \(Format.number(kr.target, unit: kr.unit))"])
        facts.add(["current", "\(Format.number(kr.current, unit: kr.unit))  \(style.dim(kr.currentAt.map { "at \(Format.time($0))" } ?? ""))"])
        if kr.kind.isThreshold {
            facts.add(["held", Format.percent(kr.held)])
        } else {
            facts.add(["progress", "\(Format.bar(kr.score)) \(Format.percent(kr.progress))"])
        }
        facts.add(styled: [("pace", "pace"), (kr.pace.rawValue, "\(Format.pace(kr.pace, style: style))  (expected \(Format.percent(kr.expected)))")])
        if let forecast = kr.forecast {
            let chance = kr.forecastProbability.map { ", \(Format.percent($0)) chance of reaching the target" } ?? ""
            facts.add(["forecast at end", "\(Format.figure(forecast, unit: kr.unit, like: [kr.target, kr.baseline])) "
                + "(score \(Format.percent(kr.forecastScore))\(chance))"])
        } else if let note = kr.forecastNote {
            facts.add(["forecast at end", "– (\(Format.line(note)))"])
        }
        if let crossing = kr.forecastCrossing {
            facts.add(["trend reaches target", Format.day(crossing)])
        }
        var confidence = Format.confidence(kr.confidence)
        if let trend = kr.confidenceTrend { confidence += trend >= 0 ? " (+\(trend))" : " (\(trend))" }
        if kr.confidenceStale == true { confidence += " stale" }
        facts.add(["confidence", confidence])
        if let details = detail.details {
            if let delegate = details.delegate { facts.add(["delegated to", delegate]) }
            if !details.checkInOwners.isEmpty { facts.add(["check-in owners", details.checkInOwners.joined(separator: ", ")]) }
            if !details.tags.isEmpty { facts.add(["tags", details.tags.joined(separator: ", ")]) }
        }
        return facts.render(style: Style(enabled: false)).split(separator: "\n").dropFirst().map(String.init)
    }

    /// The latest check-ins, the retargets, the work items and the insights, each table after a blank line.
    private static func tables(_ detail: KeyResultDetail, style: Style) -> [String] {
        var tables: [Table] = []
        if !detail.checkIns.isEmpty {
            var table = Table("CHECK-IN", "CONFIDENCE", "BY", "NOTE")
            for checkIn in detail.checkIns.suffix(8) {
                table.add([Format.time(checkIn.at), Format.checkIn(confidence: checkIn.confidence, status: checkIn.status), checkIn.author, checkIn.note ?? ""])
            }
            tables.append(table)
        }
        if !detail.retargets.isEmpty {
            var table = Table("RETARGETED", "TARGET", "REASON")
            for retarget in detail.retargets { table.add([Format.time(retarget.at), Format.number(retarget.target), retarget.reason]) }
            tables.append(table)
        }
        if !detail.initiatives.isEmpty {
            var table = Table("INITIATIVE", "STATE", "OWNER", "TITLE", "LINK")
            for initiative in detail.initiatives {
                table.add([initiative.id, initiative.state, initiative.owner ?? "–", Format.line(initiative.title), initiative.link.map(Format.line) ?? ""])
            }
            tables.append(table)
        }
        if !detail.workItems.isEmpty {
            var table = Table("WORK ITEM", "TITLE")
            for item in detail.workItems { table.add([item.ref, item.title ?? ""]) }
            tables.append(table)
        }
        if !detail.insights.isEmpty {
            var table = Table("INSIGHT", "EXPIRES", "TEXT")
            for insight in detail.insights {
                let expiry = insight.expired ? "expired \(Format.time(insight.expiresAt))" : Format.time(insight.expiresAt)
                table.add(styled: [(insight.id, insight.id), (expiry, insight.expired ? style.red(expiry) : expiry), (insight.text, insight.text)])
            }
            tables.append(table)
        }
        return tables.flatMap { ["", $0.render(style: style)] }
    }
}
