import OKRPages
import ArgumentParser
import OKRProjections
import OKRWire

extension Severity: ExpressibleByArgument {}

/// `okrctl lint`: the checks of SPEC §4; exit status 4 when findings reach `--fail-on`.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check the OKRs against good practice (OKR001–OKR012).",
        discussion: "Exit status 4 when a finding is at or above --fail-on (default warning), so CI and cron can gate on it.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "One cycle (default: the active ones).") var cycle: String?
    @Option(help: "One team's objectives.") var team: String?
    @Option(name: .customLong("fail-on"), help: "info, warning or error.") var failOn: Severity = .warning
    @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?

    func run() throws {
        let report = try options.call(Methods.lint, LintParams(cycle: cycle, team: team, asOf: try asOf?.instant(options)))
        try Output.emit(report, json: options.json) { report in
            guard !report.findings.isEmpty else { return "no findings" }
            let style = Style.current
            var table = Table("CODE", "SEVERITY", "CYCLE", "SUBJECT", "FINDING")
            for finding in report.findings {
                let severity: String
                switch finding.severity {
                case .error: severity = style.red(finding.severity.rawValue)
                case .warning: severity = style.yellow(finding.severity.rawValue)
                case .info: severity = style.dim(finding.severity.rawValue)
                }
                table.add(styled: [(finding.code, finding.code), (finding.severity.rawValue, severity), (finding.cycle, finding.cycle),
                                   (finding.subject, finding.subject), (finding.message, finding.message)])
            }
            return table.render(style: style)
        }
        if report.hasFindings(atOrAbove: failOn) {
            let count = report.findings.filter { $0.severity >= failOn }.count
            throw CLIError(message: "\(count) finding\(count == 1 ? "" : "s") at or above \(failOn.rawValue)", exitCode: 4)
        }
    }
}
