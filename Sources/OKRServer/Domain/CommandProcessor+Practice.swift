import OKREvents
import OKRProjections
import OKRWire

extension MethodTable {
    /// The practice around the numbers: tree, lint, feeds, closing and grading, calibration,
    /// work items.
    mutating func addPractice(_ processor: CommandProcessor) {
        add(.tree, TreeParams.self) { (params, peer) throws(RPCError) in try processor.tree(params, for: peer) }
        add(.due, DueParams.self) { (params, peer) throws(RPCError) in try processor.due(params, for: peer) }
        add(.digest, DigestParams.self) { (params, peer) throws(RPCError) in try processor.digest(params, for: peer) }
        add(.lint, LintParams.self) { (params, _) throws(RPCError) in try processor.lint(params) }
        add(.feeds, FeedsParams.self) { (params, _) throws(RPCError) in try processor.feeds(params) }
        add(.cycleClose, CycleCloseParams.self) { (params, peer) throws(RPCError) in try await processor.closeCycle(params, by: peer) }
        add(.score, ScoreParams.self) { (params, _) throws(RPCError) in try processor.score(params) }
        add(.calibration, CalibrationParams.self) { (params, _) throws(RPCError) in try processor.calibration(params) }
        add(.link, LinkParams.self) { (params, peer) throws(RPCError) in try await processor.link(params, by: peer) }
        add(.unlink, LinkParams.self) { (params, peer) throws(RPCError) in try await processor.unlink(params, by: peer) }
    }
}

/// The practice around the numbers: the sandwich, the checks, feed health, closing and grading,
/// calibration, and work items.
extension CommandProcessor {
    func tree(_ params: TreeParams, for peer: Peer) throws(RPCError) -> TreeReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        let owner = try Self.owner(params.owner, mine: params.mine, peer: peer)
        let settings = store.settings
        return try store.answer { (model) throws(RPCError) -> TreeReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            guard let tree = model.tree(cycle: params.cycle, perspective, owner: owner, settings: settings) else {
                throw .notFound("cycle", params.cycle ?? "(active)")
            }
            return tree
        }
    }

    func due(_ params: DueParams, for peer: Peer) throws(RPCError) -> DueReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        let owner = try Self.owner(params.owner, mine: params.mine, peer: peer)
        if let team = params.team { try Checks.team(team) }
        let within = params.within ?? 7
        guard within.isFinite, within >= 0, within <= 3660 else {
            throw .validation("within must be a number of days from 0 to 3660, not \(within)", field: "within")
        }
        let settings = store.settings
        return try store.answer { (model) throws(RPCError) -> DueReport in
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            return model.due(DueQuery(perspective: perspective, owner: owner, team: params.team, withinSeconds: within * 86_400),
                             settings: settings)
        }
    }

    func digest(_ params: DigestParams, for peer: Peer) throws(RPCError) -> DigestReport {
        let now = clock()
        let asOf = params.asOf ?? now
        let since = params.since ?? asOf.adding(seconds: -7 * 86_400)
        guard since < asOf else { throw .validation("since \(since) is not before asOf \(asOf)", field: "since") }
        try Checks.effectiveTime(asOf, now: now, field: "asOf")
        let owner = try Self.owner(params.owner, mine: params.mine, peer: peer)
        if let team = params.team { try Checks.team(team) }
        let settings = store.settings
        return try store.answer { (model) throws(RPCError) -> DigestReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            var report = model.digest(DigestQuery(since: since, asOf: asOf, knownAt: params.knownAt ?? now, cycle: params.cycle,
                                                  team: params.team, owner: owner),
                                      settings: settings)
            report.mailFrom = mailFrom
            return report
        }
    }

    func lint(_ params: LintParams) throws(RPCError) -> LintReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        if let team = params.team { try Checks.team(team) }
        let settings = store.settings
        return try store.answer { (model) throws(RPCError) -> LintReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            return model.lint(cycle: params.cycle, team: params.team, perspective, settings: settings)
        }
    }

    func feeds(_ params: FeedsParams) throws(RPCError) -> FeedReport {
        let settings = store.settings
        let perspective = Perspective(at: clock())
        return try store.answer { $0.feeds(perspective, settings: settings, all: params.all ?? false) }
    }

    func closeCycle(_ params: CycleCloseParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        try Checks.id(params.id)
        let settings = store.settings
        return try await serially { () throws(RPCError) in
            let event = try store.answer { (model) throws(RPCError) -> CycleClosed in
                guard let cycle = model.cycles[params.id] else { throw .notFound("cycle", params.id) }
                guard cycle.closes.entries.isEmpty else { throw .conflict("cycle '\(params.id)' is already closed", id: params.id) }
                return model.closing(params.id, now: clock(), settings: settings)!
            }
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func score(_ params: ScoreParams) throws(RPCError) -> ScoreReport {
        let settings = store.settings
        let perspective = Perspective(at: clock())
        return try store.answer { (model) throws(RPCError) -> ScoreReport in
            guard let report = model.score(params.cycle, perspective, settings: settings) else { throw .notFound("cycle", params.cycle) }
            return report
        }
    }

    func calibration(_ params: CalibrationParams) throws(RPCError) -> CalibrationReport {
        if let team = params.team { try Checks.team(team) }
        let perspective = Perspective(at: clock())
        return try store.answer { $0.calibration(team: params.team, perspective) }
    }

    func link(_ params: LinkParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        try Checks.id(params.subject, field: "subject")
        try Checks.text(params.ref, field: "ref", max: 128)
        try Checks.optionalText(params.title, field: "title", max: Checks.maxTitleLength)
        return try await serially { () throws(RPCError) in
            try store.read { (model) throws(RPCError) in
                try Self.requireSubject(params.subject, in: model)
                let linked = model.linkedWorkItems(of: params.subject, Perspective(at: clock())).map(\.ref)
                guard !linked.contains(params.ref) else { throw .conflict("\(params.ref) is already linked to \(params.subject)", id: params.ref) }
            }
            let event = WorkItemLinked(subject: params.subject, ref: params.ref, title: params.title)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.subject)
        }
    }

    func unlink(_ params: LinkParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        try Checks.id(params.subject, field: "subject")
        return try await serially { () throws(RPCError) in
            try store.read { (model) throws(RPCError) in
                try Self.requireSubject(params.subject, in: model)
                let linked = model.linkedWorkItems(of: params.subject, Perspective(at: clock())).map(\.ref)
                guard linked.contains(params.ref) else { throw .notFound("work item link \(params.subject) →", params.ref) }
            }
            let event = WorkItemUnlinked(subject: params.subject, ref: params.ref)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.subject)
        }
    }

    static func requireSubject(_ id: String, in model: borrowing OKRModel) throws(RPCError) {
        if model.objectives[id] != nil { return }
        if model.keyResults[id] != nil { return }
        throw .notFound("key result or objective", id)
    }
}
