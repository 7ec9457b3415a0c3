import OKRWire

/// The observations of a CSV on their way to okrd: rows gathered into batches as large as the
/// daemon takes, several batches in flight at once, answers read in order, and a batch the daemon
/// rejects (all or nothing) sent again row by row so that only its bad rows are lost.
final class ObservationUpload {
    /// Batches sent and not yet answered, at most. Enough that several wait while one commits:
    /// okrd's writer takes every waiting batch into one transaction, and a commit of 100,000
    /// rows dirties fewer index pages per row than five of 20,000 (BENCHMARKS.md).
    static let window = 8

    /// A batch on its way: its request id, and each row's line number and bytes, for a re-send.
    private struct InFlight {
        var id: Int64
        var lines: [Int]
        var writer: ObserveRequestWriter
    }

    private let client: WireClient
    private let maxRows: Int
    private let maxLine: Int
    private(set) var summary = CSVObservationImport.Summary()
    private var writer: ObserveRequestWriter
    private var lines: [Int] = []
    private var inFlight: [InFlight] = []
    private var nextID: Int64 = 1

    init(client: WireClient, identifyByContent: Bool, maxRows: Int, maxLine: Int) {
        self.client = client
        self.maxRows = maxRows
        self.maxLine = maxLine
        writer = ObserveRequestWriter(identifyByContent: identifyByContent)
    }

    /// Adds the row at line `number`, or records why it is rejected; sends the batch once it is
    /// full. Whether a batch was sent.
    func add(_ fields: CSVFields, line bytes: UnsafeRawBufferPointer, number: Int, reading rows: inout CSVObservationRow) throws -> Bool {
        summary.rows += 1
        do {
            try rows.add(fields, line: bytes, to: &writer)
            lines.append(number)
        } catch {
            summary.rejected.append(.init(line: number, error: error.message))
        }
        guard writer.count >= maxRows || writer.lineLength >= maxLine else { return false }
        try send()
        return true
    }

    /// Counts a row that could not be read at all.
    func reject(line: Int, _ reason: String) {
        summary.rows += 1
        summary.rejected.append(.init(line: line, error: reason))
    }

    /// Sends what is gathered and reads every answer still due.
    func finish() throws {
        try send()
        while !inFlight.isEmpty { try settle(inFlight.removeFirst()) }
        summary.rejected.sort { $0.line < $1.line }
    }

    private func send() throws {
        guard writer.count > 0 else { return }
        let batch = InFlight(id: nextID, lines: lines, writer: writer)
        nextID += 1
        try wire { try client.send(batch.writer.requestLine(id: batch.id, observations: 0..<batch.writer.count)) }
        inFlight.append(batch)
        writer.removeAll()
        lines.removeAll(keepingCapacity: true)
        while inFlight.count >= Self.window { try settle(inFlight.removeFirst()) }
    }

    /// Reads the answer to `batch`, the oldest in flight.
    private func settle(_ batch: InFlight) throws {
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
    private func refusal(in answer: [UInt8], id: Int64) throws -> RPCError? {
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

    private func resendRowByRow(_ batch: InFlight, rejection whole: RPCError) throws {
        guard batch.lines.count > 1 else {
            summary.rejected.append(.init(line: batch.lines[0], error: whole.message))
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
                summary.rejected.append(.init(line: line, error: refusal.message))
            }
        }
    }

    private func wire<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WireClientError {
            throw lost(error)
        }
    }

    private func lost(_ error: WireClientError) -> CLIError {
        CLIError(message: "\(error.description) after \(summary.appended) observations were appended; "
            + "re-run to resume (rows with keys are not appended twice)", exitCode: 2)
    }
}
