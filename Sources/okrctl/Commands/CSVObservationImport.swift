import Foundation
import OKREvents
import OKRPages
import OKRWire

/// Streams a CSV of observations to okrd in batches, keeping the good rows of a half-bad file.
///
/// Batches are as large as the daemon takes (its `ping` says how many observations and how long
/// a line), and several are in flight at once: okrctl reads and encodes the next while the daemon
/// commits the last. Answers come back in order; a batch the daemon rejects (all or nothing) is
/// sent again row by row, so that only its bad rows are lost, each reported with its line number.
struct CSVObservationImport {
    let options: GlobalOptions
    let path: String
    let source: String?
    /// `--batch`; `nil` for as many as the daemon takes.
    let batchSize: Int?

    /// One rejected row.
    struct RowError: Codable {
        var line: Int
        var error: String
    }

    /// What `--json` prints (for `checkin --file` too).
    struct Summary: Codable {
        var rows = 0
        var appended = 0
        var duplicates = 0
        var rejected: [RowError] = []

        /// Prints the summary: the JSON document with `json`; otherwise the counts on a terminal,
        /// or the first 20 rejected rows as `FILE:LINE: reason`, and exit 3 when any was rejected.
        func report(file: String, appended noun: String, json: Bool) throws {
            if json { try Output.json(self) }
            if rejected.isEmpty {
                if Terminal.stderrIsTTY, !json { Terminal.warn("\(appended) \(noun) appended, \(duplicates) already there") }
                return
            }
            if !json {
                for row in rejected.prefix(20) { Terminal.warn("\(file):\(row.line): \(row.error)") }
                if rejected.count > 20 { Terminal.warn("… and \(rejected.count - 20) more") }
            }
            throw CLIError.rejected("\(rejected.count) of \(rows) rows rejected; \(appended) appended, \(duplicates) already there")
        }
    }

    /// Without a `ping` that says otherwise (daemons before 0.4): their defaults.
    static let fallbackBatch = 1000
    static let fallbackLineLimit = 1 << 20

    func run() throws {
        let reader = try LineReader(path: path)
        let client = try options.connect()
        let limits = try? client.call(Methods.ping)
        // A daemon that identifies rows by content needs no derived key (docs/PROTOCOL.md).
        let byContent = limits?.identifiesByContent ?? false
        let upload = ObservationUpload(client: client, identifyByContent: byContent,
                                       maxRows: min(batchSize ?? .max, limits?.batchLimit ?? Self.fallbackBatch),
                                       // Leave room for the envelope and one more row's worth of slack.
                                       maxLine: (limits?.lineLimit ?? Self.fallbackLineLimit) - 1024)
        let progress = Terminal.stderrIsTTY && !options.json
        var fields = CSVFields()
        var rows: CSVObservationRow?
        while let line = reader.next() {
            var bytes = line
            if reader.lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard fields.split(bytes) else {
                if rows == nil { throw CLIError.usage("line 1: unterminated quote in the header") }
                upload.reject(line: reader.lineNumber, "unterminated quote")
                continue
            }
            guard rows != nil else {
                let header = String(decoding: bytes, as: UTF8.self)
                rows = CSVObservationRow(columns: try .init(header: fields, line: header), defaultSource: source, derivesKeys: !byContent)
                continue
            }
            if try upload.add(fields, line: bytes, number: reader.lineNumber, reading: &rows!), progress {
                Self.showProgress(rows: upload.summary.rows, read: reader.bytesRead, total: reader.totalBytes)
            }
        }
        guard rows != nil else {
            throw CLIError.usage("\(path) is empty: expected a header line metric,value[,at][,source][,key]")
        }
        try upload.finish()
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try upload.summary.report(file: path, appended: "observations", json: options.json)
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
}
