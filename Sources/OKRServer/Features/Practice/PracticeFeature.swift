import OKREvents
import OKRProjections
import OKRWire

/// The practice around the numbers: the sandwich, the checks, feed health, closing and grading,
/// calibration, and work items.
struct PracticeFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.tree) { (params, peer) throws(DomainError) in try tree(params, for: peer) }
        table.add(Methods.due) { (params, peer) throws(DomainError) in try due(params, for: peer) }
        table.add(Methods.digest) { (params, peer) throws(DomainError) in try digest(params, for: peer) }
        table.add(Methods.lint) { (params, _) throws(DomainError) in try lint(params) }
        table.add(Methods.feeds) { (params, _) throws(DomainError) in try feeds(params) }
        table.add(Methods.cycleClose) { (params, peer) throws(DomainError) in try await closeCycle(params, by: peer) }
        table.add(Methods.score) { (params, _) throws(DomainError) in try score(params) }
        table.add(Methods.calibration) { (params, _) throws(DomainError) in try calibration(params) }
        table.add(Methods.link) { (params, peer) throws(DomainError) in try await link(params, by: peer) }
        table.add(Methods.unlink) { (params, peer) throws(DomainError) in try await unlink(params, by: peer) }
    }

    func tree(_ params: TreeParams, for peer: Peer) throws(DomainError) -> TreeReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        let owner = try Rules.owner(params.owner, mine: params.mine, peer: peer)
        let settings = store.settings
        return try store.answer { (model) throws(DomainError) -> TreeReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            guard let tree = model.answer(TreeQuery(cycle: params.cycle, perspective, owner: owner), settings: settings) else {
                throw .notFound("cycle", params.cycle ?? "(active)")
            }
            return tree
        }
    }

    func due(_ params: DueParams, for peer: Peer) throws(DomainError) -> DueReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        let owner = try Rules.owner(params.owner, mine: params.mine, peer: peer)
        if let team = params.team { try Checks.team(team) }
        let within = params.within ?? 7
        guard within.isFinite, within >= 0, within <= 3660 else {
            throw .validation("within must be a number of days from 0 to 3660, not \(within)", field: "within")
        }
        let settings = store.settings
        return try store.answer { (model) throws(DomainError) -> DueReport in
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            return model.answer(DueQuery(perspective: perspective, owner: owner, team: params.team, withinSeconds: within * 86_400), settings: settings)
        }
    }

    func digest(_ params: DigestParams, for peer: Peer) throws(DomainError) -> DigestReport {
        let now = clock()
        let asOf = params.asOf ?? now
        // Seven local days before: a week across a daylight-saving change is 167 or 169 hours.
        let since = params.since ?? store.read { $0.calendar }.adding(days: -7, to: asOf)
        guard since < asOf else { throw .validation("since \(since) is not before asOf \(asOf)", field: "since") }
        try Checks.effectiveTime(asOf, now: now, field: "asOf")
        let owner = try Rules.owner(params.owner, mine: params.mine, peer: peer)
        if let team = params.team { try Checks.team(team) }
        let settings = store.settings
        return try store.answer { (model) throws(DomainError) -> DigestReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            if let owner = params.owner { try Checks.owner(owner, in: model) }
            var report = model.answer(DigestQuery(since: since, asOf: asOf, knownAt: params.knownAt ?? now, cycle: params.cycle,
                                                  team: params.team, owner: owner), settings: settings)
            report.mailFrom = context.mailFrom
            return report
        }
    }

    func lint(_ params: LintParams) throws(DomainError) -> LintReport {
        let now = clock()
        let perspective = Perspective(asOf: params.asOf ?? now, knownAt: now)
        if let team = params.team { try Checks.team(team) }
        let settings = store.settings
        return try store.answer { (model) throws(DomainError) -> LintReport in
            if let cycle = params.cycle, model.cycles[cycle] == nil { throw .notFound("cycle", cycle) }
            return model.answer(LintQuery(cycle: params.cycle, team: params.team, perspective), settings: settings)
        }
    }

    func feeds(_ params: FeedsParams) throws(DomainError) -> FeedReport {
        let settings = store.settings
        let perspective = Perspective(at: clock())
        return try store.answer { $0.answer(FeedsQuery(perspective, all: params.all ?? false), settings: settings) }
    }

    func closeCycle(_ params: CycleCloseParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        let settings = store.settings
        return try await serially { () throws(DomainError) in
            let event = try store.answer { (model) throws(DomainError) -> CycleClosed in
                guard let cycle = model.cycles[params.id] else { throw .notFound("cycle", params.id) }
                guard cycle.closes.entries.isEmpty else { throw .conflict("cycle '\(params.id)' is already closed", id: params.id) }
                return model.answer(ClosingQuery(params.id, now: clock()), settings: settings)!
            }
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.id)
        }
    }

    func score(_ params: ScoreParams) throws(DomainError) -> ScoreReport {
        let settings = store.settings
        let perspective = Perspective(at: clock())
        return try store.answer { (model) throws(DomainError) -> ScoreReport in
            guard let report = model.answer(ScoreQuery(params.cycle, perspective), settings: settings) else { throw .notFound("cycle", params.cycle) }
            return report
        }
    }

    func calibration(_ params: CalibrationParams) throws(DomainError) -> CalibrationReport {
        if let team = params.team { try Checks.team(team) }
        let perspective = Perspective(at: clock())
        return try store.answer { $0.answer(CalibrationQuery(team: params.team, perspective)) }
    }

    func link(_ params: LinkParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.subject, field: "subject")
        try Checks.text(params.ref, field: "ref", max: 128)
        try Checks.optionalText(params.title, field: "title", max: Checks.maxTitleLength)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                try Rules.requireSubject(params.subject, in: model)
                let linked = model.linkedWorkItems(of: params.subject, Perspective(at: clock())).map(\.ref)
                guard !linked.contains(params.ref) else { throw .conflict("\(params.ref) is already linked to \(params.subject)", id: params.ref) }
            }
            let event = WorkItemLinked(subject: params.subject, ref: params.ref, title: params.title)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.subject)
        }
    }

    func unlink(_ params: LinkParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.subject, field: "subject")
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                try Rules.requireSubject(params.subject, in: model)
                let linked = model.linkedWorkItems(of: params.subject, Perspective(at: clock())).map(\.ref)
                guard linked.contains(params.ref) else { throw .notFound("work item link \(params.subject) →", params.ref) }
            }
            let event = WorkItemUnlinked(subject: params.subject, ref: params.ref)
            return try await appendOne(NewEvent(event, actor: peer.user), id: params.subject)
        }
    }

}
