import OKREvents
import OKRProjections
import OKRWire

/// The log itself: reading it (`log`), following it (`log.follow`), and keeping it (`verify`,
/// `backup`).
struct LogFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.log) { (params, _) throws(DomainError) in try readLog(params) }
        table.add(Methods.logFollow, stream: { (params, _) in FollowRequest(since: params.since, type: params.type) })
        table.add(Methods.verify) { (_) throws(DomainError) in try verify() }
        table.add(Methods.backup) { (params, _) throws(DomainError) in try await backup(params) }
    }

    func readLog(_ params: LogParams) throws(DomainError) -> LogResult {
        let limit = params.limit ?? 100
        guard (1...10_000).contains(limit) else {
            throw .validation("limit must be from 1 to 10000 events per request, not \(limit): ask again with since = the last seq "
                              + "for the next page (okrctl log pages by itself)", field: "limit")
        }
        var events: [StoredEvent] = []
        var next = (params.since ?? 0) + 1
        do {
            while events.count < limit {
                let chunk = try log.events(from: next, limit: 1024)
                events += chunk.filter { params.type == nil || $0.type == params.type }.prefix(limit - events.count)
                guard let last = chunk.last, chunk.count == 1024 else { break }
                next = last.seq + 1
            }
        } catch {
            throw DomainError(error)
        }
        return LogResult(events: events)
    }

    func verify() throws(DomainError) -> VerifyReport {
        do {
            return try log.verify()
        } catch {
            throw DomainError(error)
        }
    }

    /// A hot, compacted, verified copy of the log (admin). Runs off the writer, so appends go on.
    func backup(_ params: BackupParams) async throws(DomainError) -> BackupResult {
        guard params.destination.hasPrefix("/") else {
            throw .validation("destination must be an absolute path on okrd's machine, not '\(params.destination)'", field: "destination")
        }
        let log = self.log
        let result = await Task.detached { () -> Result<VerifyReport, EventLogError> in
            Result { () throws(EventLogError) in try log.backup(to: params.destination) }
        }.value
        switch result {
        case .success(let report):
            logger.info("backup written", metadata: ["destination": "\(params.destination)", "events": "\(report.events)"])
            return BackupResult(destination: params.destination, verify: report)
        case .failure(let error):
            throw error.kind == .invalidEvent ? .validation(error.message, field: "destination") : DomainError(error)
        }
    }
}
