import Foundation
import OKREvents
import OKRWire

/// Sends a CSV of check-ins to okrd with `observe --file`'s rules: batches appended whole, a
/// rejected batch sent again row by row so only its bad rows are lost (each reported with its
/// line number), and a derived key `checkin:KR@AT` for a row with a time and no key, so that
/// running the file again appends nothing twice.
///
/// Check-ins are a team's weekly handful, not a metric's history: batches go one at a time.
struct CSVCheckInImport {
    let options: GlobalOptions
    let path: String
    let batchSize: Int?

    static let header = "kr,confidence,status,note,at,key"

    /// A row ready to send and the line it came from.
    private struct Row {
        var line: Int
        var params: CheckInParams
    }

    func run() throws {
        let reader = try LineReader(path: path)
        let client = try options.connect()
        let limits = try? client.call(Methods.ping)
        let maxRows = min(batchSize ?? .max, limits?.batchLimit ?? CSVObservationImport.fallbackBatch)
        var summary = CSVObservationImport.Summary()
        var fields = CSVFields()
        var columns: [String: Int]?
        var pending: [Row] = []

        while let line = reader.next() {
            var bytes = line
            if reader.lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            if bytes.last == 0x0D { bytes = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)]) }
            guard fields.split(bytes) else {
                if columns == nil { throw CLIError.usage("line 1: unterminated quote in the header") }
                summary.rows += 1
                summary.rejected.append(.init(line: reader.lineNumber, error: "unterminated quote"))
                continue
            }
            guard let known = columns else {
                columns = try Self.columns(fields)
                continue
            }
            summary.rows += 1
            do {
                pending.append(Row(line: reader.lineNumber, params: try Self.params(fields, columns: known)))
            } catch let error as CLIError {
                summary.rejected.append(.init(line: reader.lineNumber, error: error.message))
            }
            if pending.count >= maxRows {
                try Self.send(pending, client: client, into: &summary)
                pending.removeAll()
            }
        }
        guard columns != nil else { throw CLIError.usage("\(path) is empty: expected the header line \(Self.header)") }
        try Self.send(pending, client: client, into: &summary)
        summary.rejected.sort { $0.line < $1.line }
        try summary.report(file: path, appended: "check-ins", json: options.json)
    }

    /// Sends `pending` as one batch, or row by row when the batch is rejected, counting what
    /// was appended, repeated and rejected into `summary`.
    private static func send(_ pending: [Row], client: WireClient, into summary: inout CSVObservationImport.Summary) throws {
        guard !pending.isEmpty else { return }
        do {
            let result = try client.call(Methods.checkinBatch, CheckInBatchParams(checkins: pending.map(\.params)))
            summary.appended += result.appended
            summary.duplicates += result.duplicates
        } catch .rejected(let whole) {
            guard pending.count > 1 else {
                summary.rejected.append(.init(line: pending[0].line, error: whole.message))
                return
            }
            for row in pending {
                do {
                    let result = try client.call(Methods.checkin, row.params)
                    if result.duplicate == true { summary.duplicates += 1 } else { summary.appended += 1 }
                } catch .rejected(let refusal) {
                    summary.rejected.append(.init(line: row.line, error: refusal.message))
                } catch {
                    throw lost(error, summary)
                }
            }
        } catch {
            throw lost(error, summary)
        }
    }

    /// Column positions by name; `kr` is required and every name must be one of the header's.
    static func columns(_ fields: CSVFields) throws -> [String: Int] {
        var columns: [String: Int] = [:]
        let names = Set(header.split(separator: ",").map(String.init))
        for index in 0..<fields.count {
            let name = fields.text(index).lowercased()
            guard names.contains(name) else {
                throw CLIError.usage("line 1: unknown column '\(name.prefix(40))'; the header is \(header)")
            }
            guard columns[name] == nil else { throw CLIError.usage("line 1: column '\(name)' appears twice") }
            columns[name] = index
        }
        guard columns["kr"] != nil else { throw CLIError.usage("line 1: no kr column; the header is \(header)") }
        return columns
    }

    /// One row's check-in; an empty field is an absent one.
    static func params(_ fields: CSVFields, columns: [String: Int]) throws -> CheckInParams {
        func field(_ name: String) -> String? {
            guard let index = columns[name], index < fields.count else { return nil }
            let text = fields.text(index)
            return text.isEmpty ? nil : text
        }
        guard let kr = field("kr") else { throw CLIError.usage("kr is empty") }
        var confidence: Int?
        if let text = field("confidence") {
            guard let number = Int(text) else { throw CLIError.usage("confidence '\(text.prefix(40))' is not a whole number from 0 to 10") }
            confidence = number
        }
        var status: CheckInStatus?
        if let text = field("status") {
            guard let given = CheckInStatus(rawValue: text) else {
                throw CLIError.usage("status '\(text.prefix(40))' is not on-track, at-risk or off-track")
            }
            status = given
        }
        var at: Instant?
        if let text = field("at") {
            guard let instant = Instant(rfc3339: text) else { throw CLIError.usage("at '\(text.prefix(40))' is not an RFC 3339 time or a date") }
            at = instant
        }
        // Notes keep their spaces: take the raw field rather than the trimmed text.
        let note = columns["note"].flatMap { $0 < fields.count ? fields.text(untrimmed: $0) : nil }.flatMap { $0.isEmpty ? nil : $0 }
        let key = field("key") ?? at.map { "checkin:\(kr)@\($0.rfc3339)" }
        return CheckInParams(kr: kr, confidence: confidence, note: note, at: at, key: key, status: status)
    }

    private static func lost(_ error: WireClientError, _ summary: CSVObservationImport.Summary) -> CLIError {
        CLIError(message: "\(error.description) after \(summary.appended) check-ins were appended; "
            + "re-run to resume (rows with an at or a key are not appended twice)", exitCode: 2)
    }
}
