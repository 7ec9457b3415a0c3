import Foundation
import OKREvents
import OKRProjections
import OKRWire

extension Figures {
    /// 13. `metric lead` over two metrics with 87,600 observations each over five years (the
    /// issue's "five years of hourly observations (87,600 points)": five years hold 43,800
    /// hours, so the points come every half hour to make the count),
    /// max-lag 60, through a running okrd (socket, day index, series, 60 correlations, the
    /// Granger test at lag up to 60: 121 columns), against numpy and statsmodels doing the same
    /// work on the same observations (Tests/Lead/reference.py, timed inside Python without
    /// its start-up or reading its input). Median of 5 each.
    func lead(_ base: Baseline) throws -> [Row] {
        let directory = temporaryDirectory("lead")
        let points = quick ? 365 * 48 : 5 * 365 * 48
        let step: Int64 = 1_800
        let now = Int64(Date().timeIntervalSince1970) / step * step
        let start = now - Int64(points) * step
        var random = SystemRandomNumberGenerator()
        func normal() -> Double {
            let (u, v) = (Double.random(in: Double.ulpOfOne..<1, using: &random), Double.random(in: 0..<1, using: &random))
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        // A random walk; B follows A's change of a week (336 half hours) before, with noise of its own.
        var a = [5_000.0]
        var b = [200.0]
        var steps: [Double] = [0]
        for point in 1..<points {
            steps.append(normal() * 10)
            a.append(a[point - 1] + steps[point])
            b.append(b[point - 1] + (point > 336 ? 0.02 * steps[point - 336] : 0) + normal() * 0.5)
        }
        let daemon = try DaemonUnderTest(binaries: binaries, directory: directory)
        try daemon.start()
        defer { daemon.stop() }
        let client = try daemon.client()
        for (metric, values) in [("signups", a), ("revenue", b)] {
            for chunk in stride(from: 0, to: points, by: 20_000) {
                let batch = (chunk..<min(chunk + 20_000, points)).map { point in
                    Observation(metric: metric, value: values[point],
                                at: Instant(microsecondsSinceEpoch: (start + Int64(point) * step) * 1_000_000))
                }
                _ = try client.call("observe", ObserveParams(observations: batch), as: ObserveResult.self)
            }
        }
        let params = MetricLeadParams(a: "signups", b: "revenue", maxLag: 60)
        var report: LeadReport?
        var ours: [Double] = []
        for _ in 0..<5 {
            ours.append(try measure { report = try client.call(Methods.metricLead, params) })
        }
        let input: [String: Any] = [
            "a": a.indices.map { [start + Int64($0) * step, a[$0]] as [Any] },
            "b": b.indices.map { [start + Int64($0) * step, b[$0]] as [Any] }, "maxLag": 60,
        ]
        let inputPath = directory + "/lead.json"
        try JSONSerialization.data(withJSONObject: input).write(to: URL(fileURLWithPath: inputPath))
        var theirs: [Double] = []
        var referenceLag: Int?
        for _ in 0..<5 {
            let output = try runCapturing("/usr/bin/python3", [repositoryRoot + "/Tests/Lead/reference.py", inputPath])
            let answer = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
            guard let seconds = answer?["seconds"] as? Double else { throw BenchError("reference.py said: \(output.prefix(200))") }
            theirs.append(seconds)
            referenceLag = (answer?["best"] as? [String: Any])?["lag"] as? Int
        }
        guard let report, report.best.lag == referenceLag else {
            throw BenchError("metric lead's best lag \(report?.best.lag ?? -1) is not statsmodels' \(referenceLag ?? -1)")
        }
        let (okrd, python) = (median(ours), median(theirs))
        let ratio = okrd / python
        return [Row(figure: "13 metric lead, 2 × \(points) points over \(points / 17_520) years, max-lag 60, ms",
                    okrd: String(format: "%.1f", okrd * 1000), baseline: String(format: "%.1f numpy+statsmodels", python * 1000),
                    ratio: ratio, target: "≤ 2", pass: ratio <= 2)]
    }
}
