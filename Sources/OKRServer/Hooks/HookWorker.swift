import Foundation
import Logging
import OKREvents
import OKRProjections
import OKRWire
import Synchronization

/// Delivers one hook's notices from its durable position in the log, in log order, each until it
/// is delivered or given up on (SPEC §13); runs as a task of its own, so a slow or dead endpoint
/// holds up this hook alone.
struct HookWorker: Sendable {
    let hook: HookAdded
    /// The seq of the hook's `HookAdded`: its incarnation, and the first part of its delivery ids.
    let since: UInt64
    let engine: HookEngine
    /// When this hook last sent, for pacing while okrd writes hard (``WriteLoad``).
    private let lastSent = LastSent()

    init(hook: HookAdded, since: UInt64, engine: HookEngine) {
        self.hook = hook
        self.since = since
        self.engine = engine
    }

    /// Runs until cancelled (the hook removed, okrd stopping).
    func run(wakes: AsyncStream<Void>) async {
        var wake = wakes.makeAsyncIterator()
        var progress = engine.state.progress(of: hook.name, since: since)
        var lastFeedCheck: ContinuousClock.Instant?
        while !Task.isCancelled {
            let checkFeeds = lastFeedCheck.map { ContinuousClock.now - $0 >= HookWorker.feedCheckInterval } ?? true
            if checkFeeds { lastFeedCheck = .now }
            guard await deliverScheduled(checkingFeeds: checkFeeds) else { return }
            let folded = engine.store.lastSeq
            guard progress.position < folded else {
                guard await wake.next() != nil else { return }
                continue
            }
            let events: [StoredEvent]
            do {
                events = try engine.log.events(from: progress.position, limit: 128)
            } catch {
                engine.logger.error("hook \(hook.name): cannot read the log: \(error)")
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            // The event at the position (read again for its successor's sake) and those after it.
            let previous = events.first { $0.seq == progress.position }
            let fresh = events.filter { $0.seq > progress.position && $0.seq <= folded }
            let notices = engine.notices(for: fresh, previous: previous)
            for (event, eventNotices) in zip(fresh, notices) {
                let mine = eventNotices.filter {
                    hook.kinds.contains($0.kind.rawValue) && $0.matches(teams: hook.teams, owners: hook.owners)
                }
                for notice in mine {
                    guard await deliver(notice) else { return }
                }
                progress.position = event.seq
                engine.state.update(hook.name, since: since) { $0.position = event.seq }
            }
            if events.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
        }
    }

    /// How often the quiet feeds are looked for (and at start-up); due and digest times are
    /// looked at on every turn, and the workers are woken every ``HookService/tick``.
    static let feedCheckInterval = Duration.seconds(30)

    /// The notices no event makes, when their time has come: `due`, `digest`, and with
    /// `checkingFeeds`, `feed.quiet`. `false` when cancelled first.
    private func deliverScheduled(checkingFeeds: Bool) async -> Bool {
        let now = engine.clock()
        let scheduled = ScheduledNotices(store: engine.store)
        let state = engine.state.existing(hook.name, since: since)
        if hook.kinds.contains(HookKind.due.rawValue) {
            let (day, _) = engine.schedule.lastDue(atOrBefore: now, in: engine.store.read { $0.calendar })
            if let last = state?.lastDueDay, last != day.description {
                for notice in scheduled.due(for: hook, now: now, day: day) {
                    guard await deliver(notice) else { return false }
                }
            }
            if state?.lastDueDay != day.description {
                engine.state.update(hook.name, since: since) { $0.lastDueDay = day.description }
            }
        }
        if hook.kinds.contains(HookKind.digest.rawValue) {
            let (day, _) = engine.schedule.lastDigest(atOrBefore: now, in: engine.store.read { $0.calendar })
            if let last = state?.lastDigestDay, last != day.description {
                for notice in scheduled.digest(for: hook, now: now, day: day) {
                    guard await deliver(notice) else { return false }
                }
            }
            if state?.lastDigestDay != day.description {
                engine.state.update(hook.name, since: since) { $0.lastDigestDay = day.description }
            }
        }
        if checkingFeeds, hook.kinds.contains(HookKind.feedQuiet.rawValue) {
            let quiet = scheduled.quietFeeds(for: hook, now: now)
            var told = Set(state?.quietSpells ?? [])
            for (_, notice) in quiet where !told.contains(notice.subject ?? "") {
                guard await deliver(notice) else { return false }
                told.insert(notice.subject ?? "")
                let spells = told
                engine.state.update(hook.name, since: since) { $0.quietSpells = spells.sorted() }
            }
            // A spell that is over is forgotten: the feed's next silence is a new one.
            let current = Set(quiet.compactMap(\.notice.subject))
            if told != told.intersection(current) {
                let spells = told.intersection(current)
                engine.state.update(hook.name, since: since) { $0.quietSpells = spells.sorted() }
            }
        }
        return true
    }

    /// The id of every attempt of `notice`'s delivery to this hook.
    func deliveryID(_ notice: HookNotice) -> String {
        "okr_\(since)_\(notice.seq.map(String.init) ?? "0")_\(notice.kind.rawValue)_\(notice.subject?.addingPercentEncodingForPath() ?? "")"
    }

    /// Attempts `notice` until it is delivered or given up on; `false` when cancelled first.
    private func deliver(_ notice: HookNotice) async -> Bool {
        let id = deliveryID(notice)
        let carried = engine.state.existing(hook.name, since: since)?.pending.flatMap { $0.id == id ? $0 : nil }
        let first = carried?.firstAttemptAt ?? engine.clock()
        var attempts = carried?.attempts ?? 0
        while !Task.isCancelled {
            guard await giveWayWhileBusy() else { return false }
            let outcome = await engine.attempt(notice, id: id, hook: hook)
            attempts += 1
            let now = engine.clock()
            var delivery = HookDelivery(id: id, kind: notice.kind.rawValue, seq: notice.seq, subject: notice.subject,
                                        outcome: outcome.delivered ? "delivered" : "retrying", attempts: attempts,
                                        detail: outcome.description, firstAttemptAt: first, lastAttemptAt: now)
            if outcome.delivered {
                engine.state.update(hook.name, since: since) { progress in
                    progress.pending = nil
                    progress.delivered += 1
                    progress.remember(delivery)
                }
                return true
            }
            if now.seconds(since: first) >= engine.giveUpAfterSeconds {
                delivery.outcome = "failed"
                engine.state.update(hook.name, since: since) { progress in
                    progress.pending = nil
                    progress.remember(delivery)
                    progress.failed.append(.init(delivery: delivery, notice: notice))
                    if progress.failed.count > HookStateStore.failedLimit { progress.failed.removeFirst() }
                }
                engine.state.countFailure(hook.name)
                engine.logger.warning("hook \(hook.name): gave up on delivery \(id) after \(attempts) attempts: \(outcome)")
                return true
            }
            engine.state.update(hook.name, since: since) { progress in
                progress.pending = .init(id: id, firstAttemptAt: first, attempts: attempts)
                progress.remember(delivery)
            }
            do {
                try await Task.sleep(for: .milliseconds(Int64(HookBackoff.delaySeconds(afterFailure: attempts) * 1000)))
            } catch {
                return false
            }
        }
        return false
    }
}

extension HookWorker {
    /// While okrd writes hard, waits until ``WriteLoad/pace`` has passed since this hook
    /// last sent; `false` when cancelled meanwhile.
    func giveWayWhileBusy() async -> Bool {
        if engine.load.isBusy, let last = lastSent.instant.withLock({ $0 }) {
            let next = last.advanced(by: WriteLoad.pace)
            if next > .now {
                do { try await Task.sleep(until: next, clock: .continuous) } catch { return false }
            }
        }
        lastSent.instant.withLock { $0 = .now }
        return true
    }
}

/// When a hook last sent (a class, so that the worker stays a plain value).
final class LastSent: Sendable {
    let instant = Mutex<ContinuousClock.Instant?>(nil)
}

/// Retry n waits 2^(n−1) s ± 20 %, at least 1 s, at most 1 h (SPEC §13).
enum HookBackoff {
    static func delaySeconds(afterFailure n: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> Double {
        let base = pow(2.0, Double(min(max(n, 1), 20) - 1))
        return min(3600, max(1, base * jitter))
    }
}
