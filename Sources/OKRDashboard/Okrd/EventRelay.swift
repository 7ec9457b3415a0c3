import Foundation
import OKRWire
import ServiceLifecycle
import Synchronization

/// Relays okrd's commits to the dashboard's open pages (`/events`): one `log.follow` connection,
/// opened when the first page subscribes, read on a thread of its own (okrctl's client blocks),
/// each committed event passed on as a server-sent `commit` event. When okrd goes away every page
/// is told (`okrd-lost`) within a second; the relay tries again every second and tells them when
/// it is back (`okrd-back`), so pages recover by themselves.
///
/// As a service it keeps idle streams alive (a comment every 15 s, which also finds pages that
/// went away) and, on shutdown, ends every stream, so the HTTP server's graceful shutdown does
/// not wait for pages that would stay open for ever.
final class EventRelay: Service, Sendable {
    private struct State {
        var next = 0
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var started = false
        var lost = false
        var closed = false
    }

    private let reach: OkrdReach
    private let state = Mutex(State())
    /// How long an idle stream waits for a keep-alive comment.
    static let keepAlive = Duration.seconds(15)

    init(reach: OkrdReach) {
        self.reach = reach
    }

    /// A page's stream of server-sent events, starting with how soon to reconnect.
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let admitted = state.withLock { state -> (id: Int, start: Bool, lost: Bool)? in
            guard !state.closed else { return nil }
            let id = state.next
            state.next += 1
            state.subscribers[id] = continuation
            defer { state.started = true }
            return (id, !state.started, state.lost)
        }
        guard let admitted else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.state.withLock { _ = $0.subscribers.removeValue(forKey: admitted.id) } }
        continuation.yield("retry: 1000\n\n")
        if admitted.lost { continuation.yield(Self.lostEvent) }
        if admitted.start {
            let thread = Thread { [self] in follow() }
            thread.name = "okr-dashboard events"
            thread.start()
        }
        return stream
    }

    /// Keeps streams alive until shutdown, then ends them all.
    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: Self.keepAlive)
                self.broadcast(": keep-alive\n\n")
            }
        }
        let ending = state.withLock { state in
            state.closed = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in ending { subscriber.finish() }
    }

    static let lostEvent = "event: okrd-lost\ndata: {}\n\n"
    static let backEvent = "event: okrd-back\ndata: {}\n\n"

    private func broadcast(_ message: String) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(message) }
    }

    /// Whether okrd was lost, marking it as `now`.
    private func markLost(_ now: Bool) -> Bool {
        state.withLock { state in
            defer { state.lost = now }
            return state.lost
        }
    }

    /// Follows the log for as long as the process lives, reconnecting every second after a loss.
    private func follow() {
        while !state.withLock({ $0.closed }) {
            do {
                let client = try reach.connect()
                _ = try client.call(Methods.logFollow, LogParams())
                if markLost(false) { broadcast(Self.backEvent) }
                while true {
                    let line = try client.readLine()
                    broadcast("event: commit\ndata: \(Self.seq(in: line).map { "{\"seq\":\($0)}" } ?? "{}")\n\n")
                }
            } catch {
                if !markLost(true) { broadcast(Self.lostEvent) }
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// The seq of a `log.event` notification line, read without decoding the event.
    private static func seq(in line: [UInt8]) -> UInt64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
              let params = object["params"] as? [String: Any], let seq = params["seq"] as? NSNumber else { return nil }
        return seq.uint64Value
    }
}
