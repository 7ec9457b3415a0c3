import OKREvents
import OKRProjections
import OKRWire

extension MethodTable {
    /// Reading the OKRs and the log.
    mutating func addQueries(_ processor: CommandProcessor) {
        // Past instants may read the per-metric index: timed apart from `status` now.
        add(.status, StatusParams.self, label: { $0.asOf != nil || $0.knownAt != nil ? "status (as of)" : nil }) {
            (params, peer) throws(RPCError) in try processor.status(params, for: peer)
        }
        add(.cycleList) { _ in processor.listCycles() }
        add(.keyResultShow, KeyResultShowParams.self) { (params, _) throws(RPCError) in try processor.showKeyResult(params) }
        add(.insightList, InsightListParams.self) { (params, _) in processor.listInsights(params) }
        add(.log, LogParams.self) { (params, _) throws(RPCError) in try processor.readLog(params) }
    }

    /// Keeping the log: `verify` and `backup`.
    mutating func addOperations(_ processor: CommandProcessor) {
        add(.verify) { (_) throws(RPCError) in try processor.verify() }
        add(.backup, BackupParams.self) { (params, _) throws(RPCError) in try await processor.backup(params) }
    }
}

/// Read-only methods, answered from the in-memory projection (and, for `log`, from the log).
extension CommandProcessor {
    func status(_ params: StatusParams, for peer: Peer) throws(RPCError) -> StatusReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: params.knownAt ?? now)
        if let team = params.team { try Checks.team(team) }
        let owner = try Self.owner(params.owner, mine: params.mine, peer: peer)
        let settings = store.settings
        return try store.answer { (model) throws(RPCError) -> StatusReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            return model.status(StatusQuery(perspective: perspective, cycle: params.cycle, team: params.team, owner: owner),
                                settings: settings)
        }
    }

    /// Whose OKRs a query shows: `owner`, or with `mine` the caller (the socket's peer, which is
    /// the ssh login user over `--host`); `nil` for everyone's. `mine` for someone who owns
    /// nothing, or is not recorded, shows nothing rather than failing.
    static func owner(_ owner: String?, mine: Bool?, peer: Peer) throws(RPCError) -> String? {
        if mine == true {
            guard owner == nil else { throw .validation("give owner or mine, not both", field: "mine") }
            return peer.user
        }
        if let owner { try Checks.personID(owner, field: "owner") }
        return owner
    }

    func listCycles() -> CycleListResult {
        let perspective = Perspective(at: clock())
        return store.read { model in
            CycleListResult(cycles: model.knownCycles(perspective).map { cycle in
                let definition = cycle.defined.definition
                return CycleSummary(id: definition.id, name: definition.name, start: definition.start, end: definition.end,
                                    closed: cycle.closes.any(perspective),
                                    objectives: model.activeObjectives(in: definition.id, perspective).count)
            })
        }
    }

    func showKeyResult(_ params: KeyResultShowParams) throws(RPCError) -> KeyResultDetail {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        let settings = store.settings
        return try store.answer { (model) throws(RPCError) -> KeyResultDetail in
            let record = try Self.keyResult(params.id, in: model)
            let definition = record.current(perspective)
            guard let objective = model.objectives[definition.objective],
                  let cycle = model.cycles[objective.defined.definition.cycle] else {
                throw .notFound("objective", definition.objective)
            }
            let status = model.evaluate(record, in: cycle, perspective, settings: settings)
            let history = model.observations(of: definition.metric, perspective, from: cycle.start, through: cycle.end)
                .map { KeyResultDetail.Point(at: $0.effectiveAt, value: $0.value, seq: $0.seq) }
            let checkIns = record.checkIns.visible(perspective).map {
                KeyResultDetail.CheckInEntry(at: $0.stamp.effectiveAt, confidence: $0.value.confidence, note: $0.value.note, author: $0.value.author,
                                               status: $0.value.status)
            }
            let retargets = record.retargets.visible(perspective).map {
                KeyResultDetail.Retarget(at: $0.stamp.effectiveAt, target: $0.value.target, reason: $0.value.reason)
            }
            let insights = model.insights.values
                .filter { [definition.id, definition.objective].contains($0.defined.definition.subject) && perspective.knows($0.defined.stamp) }
                .sorted { $0.defined.stamp.seq < $1.defined.stamp.seq }
                .map { Self.summary($0, perspective) }
            return KeyResultDetail(asOf: perspective.asOf, cycle: cycle.defined.definition.id, objective: objective.defined.definition.id,
                                   objectiveTitle: objective.current(perspective).title, kr: status, history: history,
                                   checkIns: checkIns, retargets: retargets, insights: insights,
                                   workItems: model.linkedWorkItems(of: definition.id, perspective), carriedFrom: definition.carriedFrom,
                                   details: definition.details)
        }
    }

    func listInsights(_ params: InsightListParams) -> InsightListResult {
        let perspective = Perspective(at: clock())
        let wantExpired = params.expired ?? false
        return store.read { model in
            InsightListResult(insights: model.insights.values
                .filter { $0.isExpired(perspective) == wantExpired }
                .sorted { $0.defined.stamp.seq < $1.defined.stamp.seq }
                .map { Self.summary($0, perspective) })
        }
    }

    func readLog(_ params: LogParams) throws(RPCError) -> LogResult {
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
            throw Self.rpcError(error)
        }
        return LogResult(events: events)
    }

    func verify() throws(RPCError) -> VerifyReport {
        do {
            return try log.verify()
        } catch {
            throw Self.rpcError(error)
        }
    }

    /// A hot, compacted, verified copy of the log (admin). Runs off the writer, so appends go on.
    func backup(_ params: BackupParams) async throws(RPCError) -> BackupResult {
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
            throw error.kind == .invalidEvent ? .validation(error.message, field: "destination") : Self.rpcError(error)
        }
    }

    static func summary(_ record: InsightRecord, _ perspective: Perspective) -> InsightSummary {
        let definition = record.defined.definition
        return InsightSummary(id: definition.id, subject: definition.subject, text: definition.text,
                              evidence: record.renewals.latest(perspective)?.value.evidence ?? definition.evidence,
                              expiresAt: record.expiresAt(perspective), expired: record.isExpired(perspective))
    }
}
