import ArgumentParser
import Foundation
import OKREvents
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl report --cycle ID --out FILE.html`: one self-contained page to forward.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a cycle: the tree, burn-up and confidence charts, checks, grades.")
    @OptionGroup var options: GlobalOptions
    @Option(help: "The cycle.") var cycle: String
    @Option(help: "Where to write the HTML file (- for standard output).") var out: String
    @Option(name: .customLong("as-of"), help: "As things stood then (default: now).") var asOf: TimeArgument?

    func run() throws {
        let client = try options.connect()
        let data: ReportPageData
        do {
            let report = try client.call(Methods.status, StatusParams(cycle: cycle, asOf: try asOf?.instant(options)))
            guard let status = report.cycles.first else { throw CLIError.rejected("cycle '\(cycle)' not found") }
            var details: [String: KeyResultDetail] = [:]
            for kr in status.objectives.flatMap(\.krs) {
                details[kr.id] = try client.call(Methods.keyResultShow, KeyResultShowParams(id: kr.id, asOf: report.asOf))
            }
            data = ReportPageData(
                status: status, asOf: report.asOf,
                tree: try client.call(Methods.tree, TreeParams(cycle: cycle, asOf: report.asOf)),
                lint: try client.call(Methods.lint, LintParams(cycle: cycle, asOf: report.asOf)),
                score: try client.call(Methods.score, ScoreParams(cycle: cycle)),
                details: details,
                reviews: try client.call(Methods.reviewList, ReviewListParams(cycle: cycle)).reviews.map { review in
                    try client.call(Methods.reviewShow, ReviewShowParams(id: review.id))
                })
        } catch let error as WireClientError {
            throw CLIError(error)
        }
        let html = ReportPage.render(data)
        if out == "-" {
            FileHandle.standardOutput.write(Data(html.utf8))
            return
        }
        do {
            try html.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError.usage("cannot write \(out): \(error.localizedDescription)")
        }
        if options.json {
            try Output.json(["out": out, "bytes": String(html.utf8.count)])
        }
    }
}
