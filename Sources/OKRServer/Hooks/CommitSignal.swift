import Synchronization

/// Wakes waiters (hook workers after a commit, the hook service after a hook changes): each has a stream that holds at most
/// one pending wake-up, so a burst of commits costs a waiter one turn, and the writer never waits.
final class CommitSignal: Sendable {
    private let state = Mutex<(next: Int, waiters: [Int: AsyncStream<Void>.Continuation])>((0, [:]))

    init() {}

    /// Called on the log's writer thread after each commit.
    func fire() {
        state.withLock { state in
            for waiter in state.waiters.values { waiter.yield() }
        }
    }

    /// A stream that yields after each commit from now on (bursts merged), until ``end(_:)``.
    func subscribe() -> (id: Int, wakes: AsyncStream<Void>) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            state.next += 1
            state.waiters[state.next] = continuation
            return state.next
        }
        return (id, stream)
    }

    func end(_ id: Int) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.finish()
    }
}
