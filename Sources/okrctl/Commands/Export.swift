import ArgumentParser
import Foundation
import OKREvents
import OKRProjections
import OKRPages
import OKRWire

/// `okrctl export --format prometheus|csv|ndjson`: for dashboards and pipelines.
struct Export: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case prometheus, csv, ndjson
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export KR numbers (prometheus, csv) or the events (ndjson).",
        discussion: """
        prometheus: node_exporter textfile-collector format, per KR and per daemon. Refresh atomically from cron:
          * * * * * okrctl export --format prometheus > /var/lib/prometheus/node-exporter/okr.prom.tmp && mv /var/lib/prometheus/node-exporter/okr.prom.tmp /var/lib/prometheus/node-exporter/okr.prom
        csv: one row per key result of the active cycles. ndjson: every event, one JSON object per line.
        """)
    @OptionGroup var options: GlobalOptions
    @Option(help: "prometheus, csv or ndjson.") var format: Format
    @Option(help: "One cycle (default: the active ones).") var cycle: String?

    func run() throws {
        switch format {
        case .ndjson:
            try exportEvents()
        case .prometheus, .csv:
            let client = try options.connect()
            do {
                // Neither format may carry a terminal control character (SPEC §8).
                let report = try client.call(Methods.status, StatusParams(cycle: cycle), visible: true)
                let ping = try client.call(Methods.ping)
                let hooks = format == .prometheus ? try client.call(Methods.stats).hooks : nil
                let text = format == .prometheus
                    ? PrometheusExport.render(report, lastSeq: ping.lastSeq, readErrors: ping.readErrors, hooks: hooks) : CSVExport.render(report)
                FileHandle.standardOutput.write(Data(text.utf8))
            } catch {
                throw CLIError(error)
            }
        }
    }

    private func exportEvents() throws {
        let client = try options.connect()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var since: UInt64 = 0
        do {
            while true {
                let page = try client.call(Methods.log, LogParams(since: since, limit: 10_000))
                guard let last = page.events.last else { return }
                var chunk = Data()
                for event in page.events {
                    chunk.append(JSONDocument.escapingInvisibles(try encoder.encode(event)))
                    chunk.append(10)
                }
                FileHandle.standardOutput.write(chunk)
                since = last.seq
            }
        } catch let error as WireClientError {
            throw CLIError(error)
        }
    }
}

/// The node_exporter textfile-collector format (Prometheus exposition format 0.0.4).
enum PrometheusExport {
    static func render(_ report: StatusReport, lastSeq: UInt64, readErrors: Int? = nil, hooks: [HookCounters]? = nil) -> String {
        let now = report.asOf
        var families: [(name: String, help: String, samples: [String])] = [
            ("okr_kr_score", "Key result score, 0 to 1 (SPEC §3).", []),
            ("okr_kr_progress", "Key result progress toward its target, unclamped.", []),
            ("okr_kr_expected", "Share of the cycle elapsed: the linear pace, 0 to 1.", []),
            ("okr_kr_confidence", "Latest check-in confidence, 0 to 10.", []),
            ("okr_kr_seconds_since_observation", "Seconds since the key result's metric was last observed.", []),
            ("okr_kr_seconds_since_checkin", "Seconds since the key result's last check-in.", []),
            ("okr_objective_score", "Objective score: weighted mean of its key results' scores.", []),
        ]
        func add(_ index: Int, _ labels: String, _ value: Double?) {
            guard let value, value.isFinite else { return }
            families[index].samples.append("\(families[index].name){\(labels)} \(number(value))")
        }
        for cycle in report.cycles {
            for objective in cycle.objectives {
                let objectiveLabels = labels(["cycle": cycle.id, "team": objective.team, "objective": objective.id])
                add(6, objectiveLabels, objective.score)
                for kr in objective.krs {
                    let krLabels = labels(["cycle": cycle.id, "team": objective.team, "objective": objective.id, "kr": kr.id])
                    add(0, krLabels, kr.score)
                    add(1, krLabels, kr.progress)
                    add(2, krLabels, kr.expected)
                    add(3, krLabels, kr.confidence.map(Double.init))
                    add(4, krLabels, kr.currentAt.map { now.seconds(since: $0) })
                    add(5, krLabels, kr.confidenceAt.map { now.seconds(since: $0) })
                }
            }
        }
        var lines: [String] = []
        for family in families {
            lines.append("# HELP \(family.name) \(family.help)")
            lines.append("# TYPE \(family.name) gauge")
            lines += family.samples
        }
        lines.append("# HELP okr_log_last_seq The seq of the last event in okrd's log.")
        lines.append("# TYPE okr_log_last_seq gauge")
        lines.append("okr_log_last_seq \(lastSeq)")
        if let readErrors {
            lines.append("# HELP okrd_read_errors_total Reads of okrd's observation indexes that failed since it started.")
            lines.append("# TYPE okrd_read_errors_total counter")
            lines.append("okrd_read_errors_total \(readErrors)")
        }
        if let hooks, !hooks.isEmpty { lines += hookLines(hooks) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// SPEC §13's hook metrics: attempts by outcome, deliveries given up on, and each hook's lag.
    static func hookLines(_ hooks: [HookCounters]) -> [String] {
        var lines = ["# HELP okrd_hook_deliveries_total Delivery attempts to each hook since okrd started, by outcome.",
                     "# TYPE okrd_hook_deliveries_total counter"]
        for hook in hooks {
            for outcome in ["delivered", "failed"] {
                lines.append("okrd_hook_deliveries_total{\(labels(["hook": hook.name, "outcome": outcome]))} \(hook.attempts[outcome] ?? 0)")
            }
        }
        lines += ["# HELP okrd_hook_failed_total Deliveries given up on since okrd started (okrctl hook retry re-sends them).",
                  "# TYPE okrd_hook_failed_total counter"]
        lines += hooks.map { "okrd_hook_failed_total{\(labels(["hook": $0.name]))} \($0.failed)" }
        lines += ["# HELP okrd_hook_lag_events Committed events each hook has yet to handle.", "# TYPE okrd_hook_lag_events gauge"]
        lines += hooks.map { "okrd_hook_lag_events{\(labels(["hook": $0.name]))} \($0.lag)" }
        return lines
    }

    /// `{a="1",b="2"}` contents, with values escaped as the format requires.
    static func labels(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }.joined(separator: ",")
    }

    static func number(_ value: Double) -> String { value.plainText }
}

/// One CSV row per key result, RFC 4180 quoting. A text cell that a spreadsheet would run as a
/// formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`,
/// as OWASP advises against CSV injection; numbers are written as numbers (SPEC §8).
enum CSVExport {
    static let header = ["cycle", "team", "objective", "kr", "title", "metric", "kind", "unit", "baseline", "target", "current",
                         "current_at", "progress", "score", "expected", "pace", "forecast", "forecast_probability",
                         "confidence", "confidence_at"]

    /// One cell: text, which may need defusing, or a number we wrote ourselves.
    enum Cell {
        case text(String)
        case number(String)

        /// The cell as it goes into the file.
        var field: String {
            switch self {
            case .number(let number): number
            case .text(let text): CSVExport.quote(CSVExport.defused(text))
            }
        }
    }

    static func render(_ report: StatusReport) -> String {
        var rows = [header.map { Cell.text($0).field }]
        for cycle in report.cycles {
            for objective in cycle.objectives {
                for kr in objective.krs {
                    let cells: [Cell] = [
                        .text(cycle.id), .text(objective.team), .text(objective.id), .text(kr.id), .text(kr.title), .text(kr.metric),
                        .text(kr.kind.rawValue), .text(kr.unit ?? ""), value(kr.baseline), value(kr.target), value(kr.current),
                        .text(kr.currentAt?.rfc3339 ?? ""), value(kr.progress), value(kr.score), value(kr.expected), .text(kr.pace.rawValue),
                        value(kr.forecast), value(kr.forecastProbability), .number(kr.confidence.map(String.init) ?? ""),
                        .text(kr.confidenceAt?.rfc3339 ?? ""),
                    ]
                    rows.append(cells.map(\.field))
                }
            }
        }
        return rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func value(_ number: Double?) -> Cell { .number(number.map { PrometheusExport.number($0) } ?? "") }

    /// `text`, with `'` in front when its first character would make a spreadsheet formula.
    static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
