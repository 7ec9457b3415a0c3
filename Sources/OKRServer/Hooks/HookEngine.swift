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
    /// Where the workers run: a thread at the lowest priority (``BackgroundExecutor``).
    let executor: BackgroundExecutor?
    let logger: Logger
    let clock: @Sendable () -> Instant
    /// Wakes the workers to look for new events and due times: fired by the service every
    /// ``HookService/tick``, never by the commit path, which thus does no work for hooks at all.
    let signal = CommitSignal()
    /// Fired after a hook is added or removed: the service starts or stops its worker.
    let hooksChanged = CommitSignal()
    /// How hard okrd is writing: deliveries are paced while it writes hard (sampled by the service).
    let load = WriteLoad()
    /// Notices by seq, shared by the workers (they read the same events at about the same time).
    private let cache = Mutex<(notices: [UInt64: [HookNotice]], order: [UInt64])>(([:], []))
    private static let cacheLimit = 4096

    init(log: any EventStore, store: ProjectionStore, directory: String, sender: any HookSender, giveUpAfterSeconds: Double,
         schedule: HookSchedule = HookSchedule(), executor: BackgroundExecutor? = nil, logger: Logger, clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws {
        self.log = log
        self.store = store
        state = try HookStateStore(directory: directory)
        secrets = try HookSecrets(directory: directory)
        self.sender = sender
        self.giveUpAfterSeconds = giveUpAfterSeconds
        self.schedule = schedule
        self.executor = executor
        self.logger = logger
        self.clock = clock
    }

    /// The kinds some hook in force takes (set by the service as hooks come and go).
    let wantedKinds = Mutex<Set<HookKind>>(Set(HookKind.allCases))

    /// The notices of each of `events` (consecutive, in seq order), derived once for every hook,
    /// from one copy of the projection for the whole batch: each copy taken makes the next
    /// commit copy what it changes, so a copy per event would cost the writer.
    func notices(for events: [StoredEvent], previous: StoredEvent?) -> [[HookNotice]] {
        var answers = cache.withLock { cache in events.map { cache.notices[$0.seq] } }
        let missing = events.indices.filter { answers[$0] == nil }
        guard !missing.isEmpty else { return answers.map { $0 ?? [] } }
        let deriver = HookNoticeDeriver(settings: store.settings, wanted: wantedKinds.withLock { $0 })
        let needsModel = missing.contains { HookNoticeDeriver.mayNotify(events[$0]) }
        let derived: [Int: [HookNotice]] = needsModel
            ? store.read { borrowed in
                let model = copy borrowed
                return Dictionary(uniqueKeysWithValues: missing.map { index in
                    (index, deriver.notices(for: events[index], previous: index > 0 ? events[index - 1] : previous, in: model))
                })
            }
            : Dictionary(uniqueKeysWithValues: missing.map { ($0, []) })
        cache.withLock { cache in
            for (index, notices) in derived {
                answers[index] = notices
                guard cache.notices.updateValue(notices, forKey: events[index].seq) == nil else { continue }
                cache.order.append(events[index].seq)
            }
            if cache.order.count > Self.cacheLimit {
                let evicted = cache.order.takeFirst(cache.order.count - Self.cacheLimit / 2)
                for seq in evicted { cache.notices[seq] = nil }
            }
        }
        return answers.map { $0 ?? [] }
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

    /// Where the hook added at `since` stands: the last event it handled, and how many committed
    /// events it has yet to (`hook list`, `okrd_hook_lag_events`).
    func standing(of name: String, since: UInt64) -> (position: UInt64, lag: UInt64) {
        let position = state.existing(name, since: since)?.position ?? since
        let lastSeq = store.lastSeq
        return (position, lastSeq > position ? lastSeq - position : 0)
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
