import ArgumentParser
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl score --cycle ID`: grades on Google's scale.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Grades of a cycle (frozen at close, provisional before).")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The cycle.") var cycle: String

    func run() throws {
        let report = try options.call(Methods.score, ScoreParams(cycle: cycle))
        try Output.emit(report, json: options.json) { report in
            let style = Style.current
            var lines = ["\(style.bold(report.cycle))  " + (report.closed
                ? "closed \(Format.time(report.closedAt)): final grades"
                : "open: provisional grades, frozen by `okrctl cycle close \(report.cycle)`")]
            var table = Table("ID", "TITLE", "KIND", "SCORE", "GRADE", "VERDICT")
            for objective in report.objectives {
                table.add(styled: [(objective.id, style.bold(objective.id)), (objective.title, objective.title),
                                   (objective.kind.rawValue, objective.kind.rawValue),
                                   (Format.number(objective.score), Format.number(objective.score)),
                                   (objective.grade.rawValue, Self.colour(objective.grade, style)),
                                   (Self.verdict(objective.verdict), Self.verdict(objective.verdict))])
                for kr in objective.krs {
                    table.add(styled: [("  " + kr.id, "  " + kr.id), (kr.title, kr.title), ("", ""),
                                       (Format.number(kr.score), Format.number(kr.score)),
                                       (kr.grade.rawValue, Self.colour(kr.grade, style)), ("", "")])
                }
            }
            lines.append(table.render(style: style))
            if report.sandbagging {
                lines.append(style.yellow("OKR012: every aspirational key result scored 1.0 — the goals were not ambitious enough."))
            }
            return lines.joined(separator: "\n")
        }
    }

    static func colour(_ grade: Grade, _ style: Style) -> String {
        switch grade {
        case .green: style.green(grade.rawValue)
        case .yellow: style.yellow(grade.rawValue)
        case .red: style.red(grade.rawValue)
        }
    }

    static func verdict(_ verdict: Verdict) -> String {
        switch verdict {
        case .met: "met"
        case .postmortem: "committed, missed: hold a postmortem"
        case .sweetSpot: "in the 0.6–0.7 sweet spot"
        case .exceeded: "exceeded: ambitious enough?"
        case .short: "short of the sweet spot"
        }
    }
}

/// `okrctl calibration`: how well past confidence predicted results.
struct Calibration: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration",
        abstract: "How well weekly confidence predicted results (Brier score per team and cycle).",
        discussion: "Each check-in in a closed cycle predicts, with confidence/10, that the key result ends at 0.7 or more. "
            + "Brier 0 is perfect; 0.25 is what always saying 5/10 earns. Bias above 0 means over-confident.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "One team.") var team: String?

    func run() throws {
        let report = try options.call(Methods.calibration, CalibrationParams(team: team))
        try Output.emit(report, json: options.json) { report in
            guard !report.teams.isEmpty else { return "no check-ins in a closed cycle yet: close a cycle with `okrctl cycle close ID`" }
            var table = Table([.init(title: "TEAM"), .init(title: "CYCLE"), .init(title: "CHECK-INS", alignment: .right),
                               .init(title: "BRIER", alignment: .right), .init(title: "MEAN CONF", alignment: .right),
                               .init(title: "HIT RATE", alignment: .right), .init(title: "BIAS", alignment: .right)])
            func row(_ team: String, _ cycle: String, _ score: CalibrationReport.Score) {
                table.add([team, cycle, String(score.checkIns), String(format: "%.3f", score.brier),
                           String(format: "%.1f/10", score.meanConfidence), Format.percent(score.hitRate),
                           String(format: "%+.2f", score.bias)])
            }
            for team in report.teams {
                row(team.team, "all", team.score)
                for cycle in team.cycles { row("", cycle.cycle, cycle.score) }
            }
            return table.render()
        }
    }
}
