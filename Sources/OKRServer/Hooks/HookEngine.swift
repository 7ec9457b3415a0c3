import Logging
import OKREvents
import OKRProjections
import OKRWire
import Synchronization

/// What every hook's worker shares: the log and projection the notices come from, the state and
/// secrets files, the sender, the give-up time; and what the `hook` methods ask of the hooks.
final class HookEngine: Sendable {
    let log: any EventStore
    let store: ProjectionStore
    let state: HookStateStore
    let secrets: HookSecrets
    let sender: any HookSender
    let giveUpAfterSeconds: Double
    let schedule: HookSchedule
    let logger: Logger
    let clock: @Sendable () -> Instant
    /// Fired after each commit: wakes the workers.
    let signal: CommitSignal
    private let deriver: HookNoticeDeriver
    /// Notices by seq, shared by the workers (they read the same events at about the same time).
    private let cache = Mutex<(notices: [UInt64: [HookNotice]], order: [UInt64])>(([:], []))
    private static let cacheLimit = 4096

    init(log: any EventStore, store: ProjectionStore, directory: String, sender: any HookSender, giveUpAfterSeconds: Double,
         schedule: HookSchedule = HookSchedule(), signal: CommitSignal, logger: Logger, clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws {
        self.log = log
        self.signal = signal
        self.store = store
        state = try HookStateStore(directory: directory)
        secrets = try HookSecrets(directory: directory)
        self.sender = sender
        self.giveUpAfterSeconds = giveUpAfterSeconds
        self.schedule = schedule
        self.logger = logger
        self.clock = clock
        deriver = HookNoticeDeriver(store: store)
    }

    /// The notices of one event, derived once for every hook.
    func notices(for event: StoredEvent, previous: StoredEvent?) -> [HookNotice] {
        if let cached = cache.withLock({ $0.notices[event.seq] }) { return cached }
        let notices = deriver.notices(for: event, previous: previous)
        cache.withLock { cache in
            guard cache.notices.updateValue(notices, forKey: event.seq) == nil else { return }
            cache.order.append(event.seq)
            if cache.order.count > Self.cacheLimit {
                let evicted = cache.order.takeFirst(Self.cacheLimit / 4)
                for seq in evicted { cache.notices[seq] = nil }
            }
        }
        return notices
    }

    /// One attempt of a delivery, counted for `okrd_hook_deliveries_total`.
    func attempt(_ notice: HookNotice, id: String, hook: HookAdded) async -> HookAttemptOutcome {
        guard let format = HookFormat(rawValue: hook.format) else { return .failed("unknown format '\(hook.format)'") }
        let outcome: HookAttemptOutcome
        if let credential = secrets.credential(of: hook.name) {
            outcome = await sender.send(format.request(notice, id: id, credential: credential))
        } else {
            outcome = .failed("no URL for hook '\(hook.name)' in \(HookSecrets.fileName)")
        }
        state.count(hook.name, attempt: outcome.delivered ? "delivered" : "failed")
        return outcome
    }

    /// The hooks in force, with their `HookAdded` seq.
    func hooks() -> [(hook: HookAdded, since: UInt64)] {
        store.read { model in model.hooks.values.map { ($0.definition, $0.stamp.seq) } }.sorted { $0.hook.name < $1.hook.name }
    }
}

extension Array {
    /// Removes and answers the first `count` elements.
    fileprivate mutating func takeFirst(_ count: Int) -> [Element] {
        let removed = Array(prefix(count))
        removeSubrange(0..<Swift.min(count, self.count))
        return removed
    }
}
