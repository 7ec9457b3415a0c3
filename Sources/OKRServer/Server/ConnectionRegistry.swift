import NIOCore
import Synchronization

/// The open connections, so shutdown can close idle ones at once and busy ones after their answer,
/// and so the connection limit can be kept without letting idle connections lock everyone out.
///
/// At the limit, a new connection takes the place of an idle one (no request in flight, not
/// following the log): the longest-idle connection of the user holding the most connections,
/// which is told so and closed. So a user flooding the socket with idle or half-sent connections
/// competes only with itself, and a cron job or a person of another user still gets in. Only
/// when every connection is busy is the newcomer refused.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        /// The peer's user id (SO_PEERCRED).
        var uid: UInt32
        var busy = false
        var following = false
        /// When it last started or finished a request (or connected).
        var lastActive: ContinuousClock.Instant
    }

    /// What ``register(_:limit:)`` decided.
    enum Admission {
        /// Admitted as `id`.
        case admitted(id: Int)
        /// Admitted as `id` in the place of `evicted`, which the caller tells and closes.
        case admittedEvicting(id: Int, evicted: any Channel)
        /// Refused: every connection is busy, or the daemon is stopping.
        case refused
    }

    private struct State {
        var next = 0
        var entries: [Int: Entry] = [:]
        var stopping = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Registers a connection of user `uid`, making room at the limit by evicting an idle one.
    func register(_ channel: any Channel, uid: UInt32, limit: Int) -> Admission {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard !state.stopping else { return .refused }
            var evicted: (any Channel)?
            if state.entries.count >= limit {
                guard let victim = Self.victim(in: state.entries) else { return .refused }
                evicted = state.entries.removeValue(forKey: victim)?.channel
            }
            state.next += 1
            state.entries[state.next] = Entry(channel: channel, uid: uid, lastActive: now)
            if let evicted { return .admittedEvicting(id: state.next, evicted: evicted) }
            return .admitted(id: state.next)
        }
    }

    /// The idle connection to give up: of the user holding the most connections, the one idle longest.
    private static func victim(in entries: [Int: Entry]) -> Int? {
        var held: [UInt32: Int] = [:]
        for entry in entries.values { held[entry.uid, default: 0] += 1 }
        return entries.filter { !$0.value.busy && !$0.value.following }.min { first, second in
            let (a, b) = (held[first.value.uid]!, held[second.value.uid]!)
            return a != b ? a > b : first.value.lastActive < second.value.lastActive
        }?.key
    }

    /// Marks a connection as a follower of the log: busy for good, never evicted.
    func follow(_ id: Int) {
        state.withLock { state in
            state.entries[id]?.busy = false
            state.entries[id]?.following = true
        }
    }

    func remove(_ id: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.entries.removeValue(forKey: id)
            guard state.entries.isEmpty else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once no connection is open (after ``stop()``, when the last one has answered).
    func waitUntilEmpty() async {
        await withCheckedContinuation { continuation in
            let empty = state.withLock { state -> Bool in
                if state.entries.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if empty { continuation.resume() }
        }
    }

    /// Marks a connection busy; `false` when the daemon is stopping and it should close instead.
    func begin(_ id: Int) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.entries[id]?.busy = true
            state.entries[id]?.lastActive = .now
            return true
        }
    }

    /// Marks a connection idle again; `false` when the daemon is stopping and it should close now.
    func end(_ id: Int) -> Bool {
        state.withLock { state in
            state.entries[id]?.busy = false
            state.entries[id]?.lastActive = .now
            return !state.stopping
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Stops new connections and closes the idle ones and followers; busy ones close after their answer.
    func stop() {
        let idle = state.withLock { state -> [any Channel] in
            state.stopping = true
            return state.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}
