import Foundation
import OKREvents
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

    /// Batches sent and not yet answered, at most. Enough that several wait while one commits:
    /// okrd's writer takes every waiting batch into one transaction, and a commit of 100,000
    /// rows dirties fewer index pages per row than five of 20,000 (BENCHMARKS.md).
    static let window = 8
    /// Without a `ping` that says otherwise (daemons before 0.4): their defaults.
    static let fallbackBatch = 1000
    static let fallbackLineLimit = 1 << 20

    /// A batch on its way: its request id, and each row's line number and bytes, for a re-send.
    private struct InFlight {
        var id: Int64
        var lines: [Int]
        var writer: ObserveRequestWriter
    }

    func run() throws {
        let reader = try LineReader(path: path)
        let client = try options.connect()
        let limits = try? client.call(Methods.ping)
        let maxRows = min(batchSize ?? .max, limits?.batchLimit ?? Self.fallbackBatch)
        // Leave room for the envelope and one more row's worth of slack.
        let maxLine = (limits?.lineLimit ?? Self.fallbackLineLimit) - 1024
        let progress = Terminal.stderrIsTTY && !options.json

        var summary = Summary()
        var fields = CSVFields()
        var rows: CSVObservationRow?
        // A daemon that identifies rows by content needs no derived key (docs/PROTOCOL.md).
        let byContent = limits?.identifiesByContent ?? false
        var writer = ObserveRequestWriter(identifyByContent: byContent)
        var lines: [Int] = []
        var inFlight: [InFlight] = []
        var nextID: Int64 = 1

        func send() throws {
            guard writer.count > 0 else { return }
            let batch = InFlight(id: nextID, lines: lines, writer: writer)
            nextID += 1
            try wire { try client.send(batch.writer.requestLine(id: batch.id, observations: 0..<batch.writer.count)) }
            inFlight.append(batch)
            writer.removeAll()
            lines.removeAll(keepingCapacity: true)
            while inFlight.count >= Self.window { try settle(inFlight.removeFirst()) }
            if progress { Self.showProgress(rows: summary.rows, read: reader.bytesRead, total: reader.totalBytes) }
        }

        /// Reads the answer to `batch`, the oldest in flight.
        func settle(_ batch: InFlight) throws {
            let answer = try wire { try client.readLine() }
            guard let refusal = try refusal(in: answer, id: batch.id) else { return }
            // Answers come in order: settle every later batch before sending rows one by one.
            let later = inFlight
            inFlight.removeAll()
            for other in later { try settle(other) }
            try resendRowByRow(batch, rejection: refusal)
        }

        /// Counts an accepted answer to request `id` into the summary (`nil`), or returns the
        /// daemon's refusal; anything else is a broken conversation.
        func refusal(in answer: [UInt8], id: Int64) throws -> RPCError? {
            if let counts = ObserveAnswer.scan(answer, id: id) {
                summary.appended += counts.appended
                summary.duplicates += counts.duplicates
                return nil
            }
            do {
                _ = try WireClient.decodeResponse(answer, as: ObserveResult.self)
                throw lost(.protocolError("unexpected answer to an observe batch"))
            } catch let error as WireClientError {
                guard case .rejected(let rejection) = error else { throw lost(error) }
                return rejection
            }
        }

        func resendRowByRow(_ batch: InFlight, rejection whole: RPCError) throws {
            guard batch.lines.count > 1 else {
                summary.rejected.append(RowError(line: batch.lines[0], error: whole.message))
                return
            }
            for (index, line) in batch.lines.enumerated() {
                let id = nextID
                nextID += 1
                let answer = try wire {
                    try client.send(batch.writer.requestLine(id: id, observations: index..<index + 1))
                    return try client.readLine()
                }
                if let refusal = try refusal(in: answer, id: id) {
                    summary.rejected.append(RowError(line: line, error: refusal.message))
                }
            }
        }

        func wire<T>(_ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as WireClientError {
                throw lost(error)
            }
        }

        func lost(_ error: WireClientError) -> CLIError {
            CLIError(message: "\(error.description) after \(summary.appended) observations were appended; "
                + "re-run to resume (rows with keys are not appended twice)", exitCode: 2)
        }

        while let line = reader.next() {
            var bytes = line
            if reader.lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard fields.split(bytes) else {
                if rows == nil { throw CLIError.usage("line 1: unterminated quote in the header") }
                summary.rows += 1
                summary.rejected.append(RowError(line: reader.lineNumber, error: "unterminated quote"))
                continue
            }
            guard rows != nil else {
                let header = String(decoding: bytes, as: UTF8.self)
                rows = CSVObservationRow(columns: try .init(header: fields, line: header), defaultSource: source, derivesKeys: !byContent)
                continue
            }
            summary.rows += 1
            do {
                try rows!.add(fields, line: bytes, to: &writer)
                lines.append(reader.lineNumber)
            } catch {
                summary.rejected.append(RowError(line: reader.lineNumber, error: error.message))
            }
            if writer.count >= maxRows || writer.lineLength >= maxLine { try send() }
        }
        guard rows != nil else {
            throw CLIError.usage("\(path) is empty: expected a header line metric,value[,at][,source][,key]")
        }
        try send()
        while !inFlight.isEmpty { try settle(inFlight.removeFirst()) }
        summary.rejected.sort { $0.line < $1.line }
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try summary.report(file: path, appended: "observations", json: options.json)
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
