import Foundation
import OKRImport
import OKRWire

/// Sends an import's events to okrd in parts (`import.stage`, each request within the daemon's
/// line limit) and asks it to append them whole (`import.commit`): an import of years of
/// history is far larger than one request may be, and must still be all or nothing.
struct ImportUpload {
    let client: WireClient

    /// Stages every event of `plan` and commits them (or, with `dryRun`, asks what would be new).
    func send(_ plan: ImportPlan, dryRun: Bool) throws(WireClientError) -> ImportCommitResult {
        let limits = try? client.call(Methods.ping)
        // Room for the envelope and the upload's name.
        let budget = max(64 << 10, (limits?.lineLimit ?? 1 << 20) - 512)
        let encoder = JSONEncoder()
        var upload: String?
        var part: [UInt8] = []
        var nextID = 1

        func flush() throws(WireClientError) {
            guard !part.isEmpty || upload == nil else { return }
            var line = Array(#"{"jsonrpc":"2.0","id":\#(nextID),"method":"import.stage","params":{"#.utf8)
            nextID += 1
            if let upload { line += Array(#""upload":"\#(upload)","#.utf8) }
            line += Array(#""events":["#.utf8)
            line += part
            line += Array("]}}\n".utf8)
            part.removeAll(keepingCapacity: true)
            try client.send(line)
            upload = try WireClient.decodeResponse(try client.readLine(), as: ImportStageResult.self).upload
        }

        for event in plan.events {
            let encoded: Data
            do {
                encoded = try encoder.encode(ImportEvent(payload: event.payload, at: event.effectiveAt, key: event.key))
            } catch {
                throw .protocolError("cannot encode \(event.key): \(error)")
            }
            guard encoded.count + 1 <= budget else {
                throw .protocolError("\(event.key) alone is \(encoded.count) bytes, more than okrd takes in one request (\(budget))")
            }
            if part.count + encoded.count + 1 > budget { try flush() }
            if !part.isEmpty { part.append(UInt8(ascii: ",")) }
            part.append(contentsOf: encoded)
        }
        try flush()
        return try client.call(Methods.importCommit, ImportCommitParams(upload: upload!, dryRun: dryRun))
    }
}
