import Foundation
import OKREvents
import OKRWire

/// Streams a CSV of observations to okrd in batches, keeping the good rows of a half-bad file.
struct CSVObservationImport {
    let options: GlobalOptions
    let path: String
    let source: String?
    let batchSize: Int

    /// One rejected row.
    struct RowError: Codable {
        var line: Int
        var error: String
    }

    /// What `--json` prints.
    struct Summary: Codable {
        var rows = 0
        var appended = 0
        var duplicates = 0
        var rejected: [RowError] = []
    }

    private static let columns = ["metric", "value", "at", "source", "key"]

    func run() throws {
        let reader = try LineReader(path: path)
        let client = try options.connect()
        var header: [String: Int]?
        var summary = Summary()
        var pending: [(line: Int, observation: Observation)] = []
        let progress = Terminal.stderrIsTTY && !options.json

        func flush() throws {
            guard !pending.isEmpty else { return }
            try send(pending, client: client, summary: &summary)
            pending.removeAll(keepingCapacity: true)
            if progress { Self.showProgress(rows: summary.rows, read: reader.bytesRead, total: reader.totalBytes) }
        }

        while var line = reader.next() {
            if reader.lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let header else {
                header = try Self.header(line)
                continue
            }
            summary.rows += 1
            do {
                pending.append((reader.lineNumber, try observation(line, header: header)))
            } catch let error as CLIError {
                summary.rejected.append(RowError(line: reader.lineNumber, error: error.message))
            }
            if pending.count >= batchSize { try flush() }
        }
        guard header != nil else {
            throw CLIError.usage("\(path) is empty: expected a header line metric,value[,at][,source][,key]")
        }
        try flush()
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try report(summary)
    }

    /// `[████████░░░░░░░░]  52%  520000 rows` on standard error (a row count alone for a pipe).
    private static func showProgress(rows: Int, read: Int, total: Int?) {
        var line = "\r"
        if let total, total > 0 {
            let share = Double(read) / Double(total)
            line += "[\(Format.bar(share, width: 30))] \(Format.percent(share).leftPadded(to: 4))  "
        }
        line += "\(rows) rows"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func header(_ line: String) throws -> [String: Int] {
        guard let fields = CSVRow.fields(line) else { throw CLIError.usage("line 1: unterminated quote in the header") }
        var header: [String: Int] = [:]
        for (index, raw) in fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard columns.contains(name) else {
                throw CLIError.usage("line 1: unknown column '\(raw)'; the header must name columns from \(columns.joined(separator: ",")) "
                    + "(metric and value required)")
            }
            guard header[name] == nil else { throw CLIError.usage("line 1: column '\(name)' appears twice") }
            header[name] = index
        }
        guard header["metric"] != nil, header["value"] != nil else {
            throw CLIError.usage("line 1 must be a header naming at least metric and value (e.g. metric,value,at), not '\(line.prefix(60))'")
        }
        return header
    }

    private func observation(_ line: String, header: [String: Int]) throws -> Observation {
        guard let fields = CSVRow.fields(line) else { throw CLIError.usage("unterminated quote") }
        guard fields.count == header.count else {
            throw CLIError.usage("\(fields.count) fields where the header has \(header.count)")
        }
        func field(_ name: String) -> String? {
            header[name].map { fields[$0].trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let metric = field("metric") else { throw CLIError.usage("metric is empty") }
        guard let valueText = field("value") else { throw CLIError.usage("value is empty") }
        guard let value = Double(valueText), value.isFinite else {
            throw CLIError.usage("value '\(valueText.prefix(40))' is not a finite number")
        }
        var at: Instant?
        if let atText = field("at") {
            guard let parsed = Instant(rfc3339: atText) else {
                throw CLIError.usage("at '\(atText.prefix(40))' is not an RFC 3339 time or a date")
            }
            at = parsed
        }
        let key = field("key") ?? at.map { "\(metric)@\($0.rfc3339)=\(Format.number(value))" }
        return Observation(metric: metric, value: value, at: at, source: field("source") ?? source, key: key)
    }

    /// Sends a batch; if the daemon rejects it (all or nothing), sends its rows one by one so
    /// that only the bad ones are lost, each reported with its line number.
    private func send(_ rows: [(line: Int, observation: Observation)], client: WireClient, summary: inout Summary) throws {
        let result: ObserveResult
        do {
            result = try client.call(RPCMethod.observe.rawValue, ObserveParams(observations: rows.map(\.observation)),
                                     as: ObserveResult.self)
        } catch {
            guard case .rejected(let rejection) = error else {
                throw CLIError(message: "\(error.description) after \(summary.appended) observations were appended; "
                    + "re-run to resume (rows with keys are not appended twice)", exitCode: 2)
            }
            if rows.count == 1 {
                summary.rejected.append(RowError(line: rows[0].line, error: rejection.message))
            } else {
                for row in rows { try send([row], client: client, summary: &summary) }
            }
            return
        }
        summary.appended += result.appended
        summary.duplicates += result.duplicates
    }

    private func report(_ summary: Summary) throws {
        if options.json { try Output.json(summary) }
        if summary.rejected.isEmpty {
            if Terminal.stderrIsTTY, !options.json {
                Terminal.warn("\(summary.appended) observations appended, \(summary.duplicates) already there")
            }
            return
        }
        if !options.json {
            for row in summary.rejected.prefix(20) { Terminal.warn("\(path):\(row.line): \(row.error)") }
            if summary.rejected.count > 20 { Terminal.warn("… and \(summary.rejected.count - 20) more") }
        }
        throw CLIError.rejected("\(summary.rejected.count) of \(summary.rows) rows rejected; "
            + "\(summary.appended) appended, \(summary.duplicates) already there")
    }
}
