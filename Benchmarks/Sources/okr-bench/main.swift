import Foundation

// okr-bench: measures okrd against raw LMDB in the same run and prints the table of BENCHMARKS.md.
// Usage: okr-bench --bin DIR [--quick] [--keep] [--only ingest|group|cron|large|import|dashboard|hooks|lead]...
//   DIR holds release okrd, okrctl and okr-dashboard (foundation-hello is built beside okr-bench); --only runs some figure
//   groups (for profiling);
//   --keep leaves the data directories in $TMPDIR (removed otherwise).

var arguments = CommandLine.arguments.dropFirst()
var binaries = ".build/release"
var quick = false
var keep = false
var only: Set<String> = []
let groups: Set<String> = ["ingest", "group", "cron", "large", "import", "dashboard", "hooks", "lead"]
while let argument = arguments.popFirst() {
    switch argument {
    case "--bin": binaries = arguments.popFirst() ?? binaries
    case "--quick": quick = true
    case "--keep": keep = true
    case "--only" where arguments.first.map(groups.contains) == true: only.insert(arguments.popFirst()!)
    default:
        FileHandle.standardError.write(Data("usage: okr-bench --bin DIR [--quick] [--keep] [--only ingest|group|cron|large|import|dashboard|hooks|lead]...\n".utf8))
        exit(1)
    }
}

let figures = Figures(binaries: binaries, quick: quick)
print("okr-bench\(quick ? " --quick" : ""): \(ProcessInfo.processInfo.activeProcessorCount) cores, durability sync")
let base = figures.baseline()
print(String(format: "baseline raw LMDB: (a) %@ appends/s at 1,000 a txn, (b) %@/s one a txn, (c) %@ values/s scanned",
             human(base.batched), human(base.single), human(base.scan)))
var rows: [Row] = []
do {
    func wanted(_ group: String) -> Bool { only.isEmpty || only.contains(group) }
    if wanted("ingest") {
        let inOrder = try figures.bulkIngest(base)
        rows.append(inOrder)
        rows.append(try figures.outOfOrderIngest(base, inOrder: inOrder))
        rows.append(try figures.hourMajorIngest(base, inOrder: inOrder))
    }
    if wanted("group") { rows.append(try figures.groupCommit(base)) }
    if wanted("cron") { rows.append(try figures.cronObservation()) }
    if wanted("large") { rows += try figures.largeLog(base) }
    if wanted("import") { rows += try figures.vivaImport(base) }
    if wanted("dashboard") { rows += try figures.dashboard() }
    if wanted("hooks") { rows += try figures.hooks() }
    if wanted("lead") { rows += try figures.lead(base) }
} catch {
    FileHandle.standardError.write(Data("okr-bench: \(error)\n".utf8))
    if !keep { removeTemporaryDirectories() }
    exit(2)
}

let header = ["figure", "okrd", "baseline", "ratio", "target", "pass"]
let table = [header] + rows.map { [$0.figure, $0.okrd, $0.baseline, $0.ratio.map { String(format: "%.3f", $0) } ?? "—", $0.target, $0.pass ? "yes" : "NO"] }
let widths = header.indices.map { column in table.map { $0[column].count }.max()! }
for (index, row) in table.enumerated() {
    print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
    if index == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
}
if !keep { removeTemporaryDirectories() }
exit(rows.allSatisfy(\.pass) ? 0 : 3)
