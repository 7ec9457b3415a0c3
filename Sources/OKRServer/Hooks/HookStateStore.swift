import Foundation
import OKREvents
import OKRWire
import Synchronization

/// Where each hook stands (SPEC §13), kept in `hook-state.json` beside data.mdb: its position in
/// the log, the delivery being retried, the failed ones `hook retry` re-sends, the latest outcomes.
///
/// A position moves only after its event's deliveries are done, and the file is written after,
/// at most every ``saveInterval``: a crash sends the last second's deliveries again under the
/// same ids (at least once), never skips one. Each write is fsynced, so the interval also bounds
/// the fsyncs that compete with the log's commits for the disk.
final class HookStateStore: Sendable {
    /// One hook's progress; a hook added again under its name (a new `since`) starts afresh.
    struct Progress: Codable, Sendable {
        var since: UInt64
        var position: UInt64
        var pending: Pending?
        var failed: [FailedDelivery] = []
        /// The latest deliveries, newest last, at most ``HookStateStore/recentLimit``.
        var recent: [HookDelivery] = []
        var delivered = 0
        var lastOutcome: String?
        var lastAt: Instant?
        /// The day of the last `due` round and of the last `digest` sent (`nil`: none yet, the
        /// next one is the first after the hook was added).
        var lastDueDay: String?
        var lastDigestDay: String?
        /// The quiet spells told of and not yet over (their notices' subjects).
        var quietSpells: [String]?
    }

    /// The delivery at the head of a hook's queue that has failed at least once.
    struct Pending: Codable, Sendable {
        var id: String
        var firstAttemptAt: Instant
        var attempts: Int
    }

    /// A delivery given up on, with what it said, for `hook retry`.
    struct FailedDelivery: Codable, Sendable {
        var delivery: HookDelivery
        var notice: HookNotice
    }

    /// Counters since okrd started (`okrd_hook_*`).
    struct Counters: Sendable {
        var attempts: [String: Int] = [:]
        var failed = 0
    }

    static let fileName = "hook-state.json"
    static let recentLimit = 200
    static let failedLimit = 10_000
    static let saveInterval = Duration.seconds(1)

    let path: String
    private let state: Mutex<(hooks: [String: Progress], dirty: Bool)>
    private let counters = Mutex<[String: Counters]>([:])

    init(directory: String) throws {
        path = directory + "/" + Self.fileName
        if let data = FileManager.default.contents(atPath: path) {
            state = Mutex((try JSONDecoder().decode([String: Progress].self, from: data), false))
        } else {
            state = Mutex(([:], false))
        }
    }

    /// The hook's progress, started at `since` (its `HookAdded`) when it has none of this incarnation.
    func progress(of name: String, since: UInt64) -> Progress {
        state.withLock { state in
            if let progress = state.hooks[name], progress.since == since { return progress }
            let fresh = Progress(since: since, position: since)
            state.hooks[name] = fresh
            state.dirty = true
            return fresh
        }
    }

    /// The progress of the hook `name` added at `since`; `nil` before its first turn (or for an
    /// earlier hook of that name).
    func existing(_ name: String, since: UInt64) -> Progress? {
        state.withLock { state in state.hooks[name].flatMap { $0.since == since ? $0 : nil } }
    }

    /// Changes a hook's progress (of the incarnation `since`; another is left alone).
    func update(_ name: String, since: UInt64, _ body: (inout Progress) -> Void) {
        state.withLock { state in
            guard var progress = state.hooks[name], progress.since == since else { return }
            body(&progress)
            state.hooks[name] = progress
            state.dirty = true
        }
    }

    /// Forgets hooks no longer in force.
    func retain(_ names: Set<String>) {
        state.withLock { state in
            for name in state.hooks.keys where !names.contains(name) {
                state.hooks[name] = nil
                state.dirty = true
            }
        }
    }

    func count(_ name: String, attempt outcome: String) {
        counters.withLock { $0[name, default: Counters()].attempts[outcome, default: 0] += 1 }
    }

    func countFailure(_ name: String) {
        counters.withLock { $0[name, default: Counters()].failed += 1 }
    }

    func counters(of name: String) -> Counters { counters.withLock { $0[name] ?? Counters() } }

    /// Writes the file when something changed since the last write.
    func saveIfChanged() throws {
        let snapshot: [String: Progress]? = state.withLock { state in
            guard state.dirty else { return nil }
            state.dirty = false
            return state.hooks
        }
        guard let snapshot else { return }
        do {
            try AtomicFile.write(Array(try JSONEncoder().encode(snapshot)), to: path, mode: 0o600)
        } catch {
            state.withLock { $0.dirty = true }
            throw error
        }
    }
}

extension HookStateStore.Progress {
    /// Keeps a delivery's latest outcome among the recent ones.
    mutating func remember(_ delivery: HookDelivery) {
        if let index = recent.lastIndex(where: { $0.id == delivery.id }) { recent.remove(at: index) }
        recent.append(delivery)
        if recent.count > HookStateStore.recentLimit { recent.removeFirst(recent.count - HookStateStore.recentLimit) }
        lastOutcome = delivery.outcome == "delivered" ? "delivered (\(delivery.detail))" : delivery.detail
        lastAt = delivery.lastAttemptAt
    }
}
