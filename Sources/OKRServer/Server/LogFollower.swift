import NIOCore
import OKREvents
import OKRWire

/// Streams the log to one `log.follow` client over its channel: the answer, the events after
/// `since`, then each new commit, until the connection closes, the follower falls too far behind
/// (told so) or the daemon stops. Each line is written only once the last was flushed, so a slow
/// reader holds up only itself (the feed cuts it off when its buffer fills), and a reader that
/// takes none of a line for `stallLimit` (the idle timeout) is disconnected, freeing its slot.
/// It reads the log in short transactions, never one held open while it waits, so a stalled
/// follower pins no pages and the data file does not grow for it.
/// What a stream of the log starts from: the events after `since` (or only new ones), of one
/// `type` or all.
struct FollowRequest: Sendable, Equatable {
    var since: UInt64?
    var type: EventType?
}

struct LogFollower: Sendable {
    let channel: any Channel
    let feed: EventFeed
    let log: EventLog
    let stallLimit: TimeAmount
    /// Revoked by a reload that takes the follower's role away: nothing more is written.
    let grant: FollowGrant

    func run(_ params: FollowRequest, id: RPCID, subscription: (id: Int, events: AsyncStream<StoredEvent>)) async {
        defer { feed.unsubscribe(subscription.id) }
        do {
            let startSeq = log.lastSeq
            try await write(RequestRouter.encode(success: FollowResult(lastSeq: startSeq), id: id))
            var sent = params.since ?? startSeq
            while sent < startSeq {
                let chunk = try log.events(from: sent + 1, limit: 1024).filter { $0.seq <= startSeq }
                guard let last = chunk.last else { break }
                for event in chunk where params.type == nil || event.type == params.type {
                    try await write(RequestRouter.encode(notification: event))
                }
                sent = last.seq
            }
            for await event in subscription.events where event.seq > sent {
                sent = event.seq
                guard params.type == nil || event.type == params.type else { continue }
                try await write(RequestRouter.encode(notification: event))
            }
            if feed.unsubscribe(subscription.id) {
                let error = RPCErrorResponse(id: .null, error: RPCError(code: RPCError.unavailableCode,
                    message: "follower fell more than \(feed.bufferSize) events behind; reconnect with since=\(sent)",
                    data: .object(["since": .int(Int64(sent))])))
                try? await write(RequestRouter.encode(error))
            }
        } catch {
            // The connection closed or the log could not be read: the follower reconnects with `since`.
        }
    }

    private func write(_ bytes: [UInt8]) async throws {
        guard !grant.isRevoked else { throw CancellationError() }
        let channel = self.channel
        let stalled = channel.eventLoop.scheduleTask(in: stallLimit) { channel.close(promise: nil) }
        defer { stalled.cancel() }
        try await channel.writeAndFlush(SocketServer.line(bytes)).get()
    }
}
