import OKREvents
import Synchronization

/// Fans committed events out to `log --follow` subscribers.
///
/// Publishing never waits: each follower has a bounded buffer, and a follower that falls that
/// far behind is cut off (told so, then disconnected) rather than slowing the writer or growing
/// without bound.
final class EventFeed: Sendable {
    private struct State {
        var next = 0
        var followers: [Int: AsyncStream<StoredEvent>.Continuation] = [:]
        var overflowed: Set<Int> = []
    }

    private let state = Mutex(State())
    let bufferSize: Int

    init(bufferSize: Int = 10_000) {
        self.bufferSize = bufferSize
    }

    /// Hands committed events (in seq order) to every follower. Called on the log's writer thread.
    /// The events are built only when someone follows.
    func publish(_ committed: CommittedEvents) {
        state.withLock { state in
            guard !state.followers.isEmpty else { return }
            let events = committed.events
            for (id, continuation) in state.followers {
                for event in events {
                    if case .dropped = continuation.yield(event) {
                        state.overflowed.insert(id)
                        continuation.finish()
                        state.followers[id] = nil
                        break
                    }
                }
            }
        }
    }

    /// A new subscription; `events` ends when the follower overflowed or the daemon stops.
    func subscribe() -> (id: Int, events: AsyncStream<StoredEvent>) {
        let (stream, continuation) = AsyncStream<StoredEvent>.makeStream(bufferingPolicy: .bufferingOldest(bufferSize))
        let id = state.withLock { state in
            state.next += 1
            state.followers[state.next] = continuation
            return state.next
        }
        return (id, stream)
    }

    /// Ends a subscription; returns whether it ended because the follower fell behind.
    @discardableResult
    func unsubscribe(_ id: Int) -> Bool {
        state.withLock { state in
            state.followers.removeValue(forKey: id)?.finish()
            return state.overflowed.remove(id) != nil
        }
    }

    /// Ends every subscription (shutdown).
    func finishAll() {
        state.withLock { state in
            for continuation in state.followers.values { continuation.finish() }
            state.followers.removeAll()
        }
    }
}
