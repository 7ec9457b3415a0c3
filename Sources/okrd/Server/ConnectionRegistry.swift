import NIOCore
import Synchronization

/// The open connections, so shutdown can close idle ones at once and busy ones after their answer,
/// and so the connection limit can be kept.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var busy = false
    }

    private struct State {
        var next = 0
        var entries: [Int: Entry] = [:]
        var stopping = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Registers a connection; `nil` when the limit is reached or the daemon is stopping.
    func register(_ channel: any Channel, limit: Int) -> Int? {
        state.withLock { state in
            guard !state.stopping, state.entries.count < limit else { return nil }
            state.next += 1
            state.entries[state.next] = Entry(channel: channel)
            return state.next
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
            return true
        }
    }

    /// Marks a connection idle again; `false` when the daemon is stopping and it should close now.
    func end(_ id: Int) -> Bool {
        state.withLock { state in
            state.entries[id]?.busy = false
            return !state.stopping
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Stops new connections and closes the idle ones; busy ones close after their answer.
    func stop() {
        let idle = state.withLock { state -> [any Channel] in
            state.stopping = true
            return state.entries.values.filter { !$0.busy }.map(\.channel)
        }
        for channel in idle { channel.close(promise: nil) }
    }
}
