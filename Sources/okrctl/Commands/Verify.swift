import ArgumentParser
import OKREvents
import OKRWire

/// `okrctl verify`: have okrd check every stored event's checksum and the seqs' continuity.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check every stored event (checksums, gap-free seqs, the metric index).")
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let report = try options.call(Methods.verify)
        try Output.emit(report, json: options.json) { report in
            guard !report.isHealthy else {
                return "ok: \(report.events) events, seqs 1–\(report.lastSeq) without a gap, \(report.indexEntries) index entries, \(report.daySummaries) day summaries"
            }
            var lines = ["DAMAGED: first bad seq \(report.firstBadSeq.map(String.init) ?? "?") of \(report.lastSeq)"]
            for gap in report.gaps { lines.append("  missing seqs \(gap.from)–\(gap.through)") }
            for problem in report.problems { lines.append("  " + problem.message) }
            lines.append("restore from a backup: see the README")
            return lines.joined(separator: "\n")
        }
        if !report.isHealthy { throw CLIError.rejected("the log is damaged") }
    }
}
