import OKREvents
import OKRImport
import OKRPages
import OKRWire

/// What `okrctl import` prints: what was (or would be) appended, by kind, what was there
/// already, and what the source held that okr could not take. `--json` gives it as one document.
struct ImportReport: Encodable {
    /// New events by what they bring, as the summary names them.
    struct Counts: Encodable {
        var cycles = 0
        var teams = 0
        var people = 0
        var objectives = 0
        var keyResults = 0
        var plans = 0
        var observations = 0
        var checkIns = 0
        var notes = 0
    }

    var source: String
    var dryRun: Bool
    var applied: Bool
    /// What was appended (or, in a dry run, would be).
    var new: Counts
    /// Events the log already holds: imported before.
    var already: Int
    var kept: [ImportCommitResult.Kept]
    var unmapped: [ImportPlan.Unmapped]
    var firstSeq: UInt64?
    var lastSeq: UInt64?
    /// The cycles the export defines, latest first (the first is the one to look at).
    var cycles: [String]

    init(source: String, dryRun: Bool, plan: ImportPlan, result: ImportCommitResult) {
        self.source = source
        self.dryRun = dryRun
        applied = result.applied
        var counts = Counts()
        counts.cycles = result.count(of: .cycleDefined)
        counts.teams = result.newTeams.count
        counts.people = result.count(of: .personRecorded)
        counts.objectives = result.count(of: .objectiveCreated)
        counts.keyResults = result.count(of: .keyResultCreated)
        counts.plans = result.count(of: .keyResultPlanned)
        counts.observations = result.count(of: .metricObserved)
        counts.notes = result.new.filter { $0.type == .checkInRecorded && $0.kind.hasSuffix(":comment") }.reduce(0) { $0 + $1.count }
        counts.checkIns = result.count(of: .checkInRecorded) - counts.notes
        new = counts
        already = result.already
        kept = result.kept
        unmapped = plan.unmapped
        firstSeq = result.firstSeq
        lastSeq = result.lastSeq
        let defined = plan.events.compactMap { event -> CycleDefined? in
            if case .cycleDefined(let cycle) = event.payload { return cycle }
            return nil
        }
        // Latest start first; of two starting together, the shorter (the quarter before its year).
        cycles = defined.sorted { ($1.start, $0.end) < ($0.start, $1.end) }.map(\.id)
    }

    func render(style: Style) -> String {
        let n = new
        let parts = [(n.cycles, "cycle"), (n.teams, "team"), (n.people, "person"), (n.objectives, "objective"),
                     (n.keyResults, "key result"), (n.plans, "plan"), (n.observations, "observation"), (n.checkIns, "check-in"),
                     (n.notes, "note")]
            .map { count, noun in "\(count) \(count == 1 ? noun : (noun == "person" ? "people" : noun + "s"))" }
            .joined(separator: ", ")
        var lines: [String] = []
        let name = Format.line(source)
        if dryRun {
            lines.append(style.bold("dry run of \(name): nothing appended"))
            lines.append("would append: \(parts)")
        } else if applied {
            let seqs = firstSeq.flatMap { first in lastSeq.map { " (seq \(first)–\($0))" } } ?? ""
            lines.append(style.bold("imported \(name)") + ": \(parts)\(seqs)")
        } else {
            lines.append(style.bold("\(name): nothing new to import"))
        }
        if already > 0 { lines.append("already imported: \(already) events (appended again: none)") }
        if !kept.isEmpty {
            lines.append("")
            var table = Table("KEPT AS OKR HAS IT", "WHY")
            for entry in kept { table.add([Format.line(entry.key), Format.line(entry.reason)]) }
            lines.append(table.render(style: style))
        }
        if !unmapped.isEmpty {
            lines.append("")
            var table = Table("NOT MAPPED", "FIELD", "WHAT")
            for entry in unmapped { table.add([Format.line(entry.record), Format.line(entry.field), Format.line(entry.detail)]) }
            lines.append(table.render(style: style))
        }
        if let cycle = cycles.first, dryRun || applied || already > 0 {
            lines.append("")
            lines.append(style.dim("see it: okrctl tree --cycle \(cycle)"
                                   + (cycles.count > 1 ? "  (cycles: \(cycles.joined(separator: ", ")))" : "")))
        }
        return lines.joined(separator: "\n")
    }
}
