import Foundation
import OKREvents
import OKRProjections
import OKRWire

/// The `hook` methods (SPEC §13): adding and removing hooks, which append, and listing, testing,
/// showing deliveries and re-sending the failed ones, which ask the hook engine.
struct HooksFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.hookAdd) { (params, peer) throws(DomainError) in try await add(params, by: peer) }
        table.add(Methods.hookRemove) { (params, peer) throws(DomainError) in try await remove(params, by: peer) }
        table.add(Methods.hookList) { (_: Peer) throws(DomainError) in try list() }
        table.add(Methods.hookDeliveries) { (params, _) throws(DomainError) in try deliveries(params) }
        table.add(Methods.hookTest) { (params, _) throws(DomainError) in try await test(params) }
        table.add(Methods.hookRetry) { (params, _) throws(DomainError) in try await retry(params) }
    }

    private func engine() throws(DomainError) -> HookEngine {
        guard let engine = context.hooks else {
            throw DomainError(kind: .unavailable, message: "hooks are not served by this okrd")
        }
        return engine
    }

    func add(_ params: HookAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let engine = try engine()
        let checked = try HookChecks.check(params)
        let fingerprint = checked.credentialText.map { engine.sender.fingerprint($0) }
        return try await serially { () throws(DomainError) in
            if store.read({ $0.hooks[params.name] }) != nil {
                throw .conflict("hook '\(SafeText.visible(params.name))' exists: remove it first to change it", id: params.name)
            }
            do {
                try engine.secrets.set(checked.credential, for: params.name)
            } catch {
                throw DomainError(kind: .storage, message: "cannot write \(engine.secrets.path): \(error); nothing was appended")
            }
            var added = checked.event
            added.fingerprint = fingerprint
            let result = try await appendOne(NewEvent(added, actor: peer.user), id: params.name)
            engine.hooksChanged.fire()
            return result
        }
    }

    func remove(_ params: HookNameParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let engine = try engine()
        return try await serially { () throws(DomainError) in
            guard store.read({ $0.hooks[params.name] }) != nil else { throw .notFound("hook", SafeText.visible(params.name)) }
            let result = try await appendOne(NewEvent(HookRemoved(name: params.name), actor: peer.user), id: params.name)
            try? engine.secrets.set(nil, for: params.name)
            engine.hooksChanged.fire()
            return result
        }
    }

    func list() throws(DomainError) -> HookListResult {
        let engine = try engine()
        return HookListResult(hooks: engine.hooks().map { hook, since in
            let progress = engine.state.existing(hook.name, since: since)
            let (position, lag) = engine.standing(of: hook.name, since: since)
            return HookSummary(name: hook.name, format: hook.format, endpoint: HookChecks.endpoint(of: hook), events: hook.kinds,
                               teams: hook.teams, owners: hook.owners, fingerprint: hook.fingerprint, since: since,
                               position: position, lag: lag,
                               delivered: progress?.delivered ?? 0, failed: progress?.failed.count ?? 0,
                               lastOutcome: progress?.lastOutcome, lastAt: progress?.lastAt)
        })
    }

    func deliveries(_ params: HookDeliveriesParams) throws(DomainError) -> HookDeliveriesResult {
        let engine = try engine()
        let (hook, since) = try self.hook(params.name, engine)
        let limit = params.limit ?? 20
        guard limit >= 1 else { throw .validation("--limit must be 1 or more, not \(limit)", field: "limit") }
        let progress = engine.state.existing(hook.name, since: since)
        let chosen = params.failed == true ? (progress?.failed.map(\.delivery) ?? []) : (progress?.recent ?? [])
        return HookDeliveriesResult(name: hook.name, deliveries: Array(chosen.reversed().prefix(limit)))
    }

    func test(_ params: HookNameParams) async throws(DomainError) -> HookSendResult {
        let engine = try engine()
        let (hook, since) = try self.hook(params.name, engine)
        let now = clock()
        let line = "okr test delivery to hook '\(SafeText.visible(hook.name))' (\(hook.format)): if you read this, okr can reach you here"
        let notice = HookNotice(kind: .test, seq: nil, subject: nil, team: nil, owner: nil, title: "okr hook test", line: line,
                                facts: [.init(label: "Hook", value: SafeText.visible(hook.name))], at: now,
                                event: #"{"hook":"# + HookNoticeDeriver.json(hook.name) + #","test":true}"#, subjectJSON: "null")
        let id = "okr_\(since)_test_\(now.microsecondsSinceEpoch)"
        let outcome = await engine.attempt(notice, id: id, hook: hook)
        let delivery = HookDelivery(id: id, kind: "test", seq: nil, subject: nil, outcome: outcome.delivered ? "delivered" : "failed",
                                    attempts: 1, detail: outcome.description, firstAttemptAt: now, lastAttemptAt: clock())
        engine.state.update(hook.name, since: since) { $0.remember(delivery) }
        guard outcome.delivered else {
            throw DomainError(kind: .failed(metric: nil),
                              message: "hook '\(SafeText.visible(hook.name))': the test delivery \(id) was not delivered: \(outcome)")
        }
        return HookSendResult(name: hook.name, deliveries: [delivery])
    }

    /// Sends each failed delivery once more under its id; those delivered leave the failed list.
    func retry(_ params: HookNameParams) async throws(DomainError) -> HookSendResult {
        let engine = try engine()
        let (hook, since) = try self.hook(params.name, engine)
        let failed = engine.state.existing(hook.name, since: since)?.failed ?? []
        var sent: [HookDelivery] = []
        for entry in failed {
            let outcome = await engine.attempt(entry.notice, id: entry.delivery.id, hook: hook)
            var delivery = entry.delivery
            delivery.attempts += 1
            delivery.detail = outcome.description
            delivery.lastAttemptAt = clock()
            delivery.outcome = outcome.delivered ? "delivered" : "failed"
            engine.state.update(hook.name, since: since) { progress in
                if outcome.delivered {
                    progress.failed.removeAll { $0.delivery.id == delivery.id }
                    progress.delivered += 1
                } else if let index = progress.failed.firstIndex(where: { $0.delivery.id == delivery.id }) {
                    progress.failed[index].delivery = delivery
                }
                progress.remember(delivery)
            }
            sent.append(delivery)
        }
        let still = sent.filter { $0.outcome != "delivered" }
        if !still.isEmpty {
            throw DomainError(kind: .failed(metric: nil),
                              message: "hook '\(SafeText.visible(hook.name))': \(sent.count - still.count) of \(sent.count) failed deliveries re-sent; "
                                  + "\(still.count) still failed (\(still[0].id): \(still[0].detail))")
        }
        return HookSendResult(name: hook.name, deliveries: sent)
    }

    private func hook(_ name: String, _ engine: HookEngine) throws(DomainError) -> (HookAdded, UInt64) {
        guard let entry = engine.hooks().first(where: { $0.hook.name == name }) else {
            throw .notFound("hook", SafeText.visible(name))
        }
        return entry
    }
}
