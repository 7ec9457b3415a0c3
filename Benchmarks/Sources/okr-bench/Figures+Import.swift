import Foundation
import OKRWire

extension Figures {
    /// 8. `okrctl import viva` of a generated export (2,000 goals, 50,000 check-ins over three
    /// years, in Viva's layout) against a fresh okrd with the default 1 MiB line limit, end to
    /// end: reading and mapping the JSON, the upload in parts, the checks and the one commit.
    /// Its time against the floor of any importer that reads the export with Foundation:
    /// parsing its JSON files once with `JSONSerialization`, in this process, in the same run.
    /// And the peak resident memory of okrctl and of okrd.
    func vivaImport(_ base: Baseline) throws -> [Row] {
        let directory = temporaryDirectory("viva")
        let export = directory + "/export"
        try FileManager.default.createDirectory(atPath: export, withIntermediateDirectories: true)
        var generator = VivaExportGenerator()
        if quick { generator.goals = 500; generator.checkIns = 10_000 }
        try generator.write(to: export)
        sync()
        let parse = try measure {
            for name in try FileManager.default.contentsOfDirectory(atPath: export) {
                _ = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: export + "/" + name)))
            }
        }
        let daemon = try DaemonUnderTest(binaries: binaries, directory: directory, lineLimitBytes: 1 << 20)
        try daemon.start()
        defer { daemon.stop() }
        var usage = rusage()
        var status: Int32 = 0
        let seconds = measure {
            status = spawnAndWait(binaries + "/okrctl", ["import", "viva", export, "--socket", daemon.socket], usage: &usage)
        }
        guard status == 0 else { throw BenchError("okrctl import viva exited \(status)") }
        let events = try daemon.client().call(Methods.ping).lastSeq
        let okrdPeak = daemon.process.map { peakResident(pid: $0.processIdentifier) } ?? 0
        let ratio = seconds / parse
        let size = "\(generator.goals) goals, \(generator.checkIns / 1000)k check-ins"
        return [
            Row(figure: "8 import viva (\(size)): \(events) events, s", okrd: String(format: "%.2f", seconds),
                baseline: String(format: "%.2f parse", parse), ratio: ratio, target: "≤ 15", pass: ratio <= 15),
            Row(figure: "8b import viva, peak RSS okrctl / okrd", okrd: "\(usage.ru_maxrss / 1024) / \(okrdPeak >> 20) MiB",
                baseline: "—", ratio: nil, target: "≤ 1 GiB each", pass: usage.ru_maxrss / 1024 <= 1024 && okrdPeak >> 20 <= 1024),
        ]
    }
}

/// Peak resident memory of a process in bytes (`VmHWM`).
func peakResident(pid: Int32) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return 0 }
    return kilobytes * 1024
}
