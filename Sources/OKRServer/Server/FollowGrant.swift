import NIOCore
import OKRWire
import Synchronization

/// One running `log.follow` stream's right to go on: who follows, on which channel, under which
/// request id. A reload that takes the role away revokes it: the follower writes nothing more,
/// the client is told why (1002 with the follow request's id), and the channel is closed.
final class FollowGrant: Sendable {
    let number: Int
    let peer: Peer
    let requestID: RPCID
    let channel: any Channel
    private let revokedFlag = Atomic<Bool>(false)

    init(number: Int, peer: Peer, requestID: RPCID, channel: any Channel) {
        self.number = number
        self.peer = peer
        self.requestID = requestID
        self.channel = channel
    }

    /// Whether the stream must stop: checked before every line the follower writes.
    var isRevoked: Bool { revokedFlag.load(ordering: .sequentiallyConsistent) }

    /// Stops the stream: no event is written after this returns; `farewell` is the last line.
    func revoke(with farewell: [UInt8]) {
        revokedFlag.store(true, ordering: .sequentiallyConsistent)
        let channel = self.channel
        channel.eventLoop.execute {
            channel.writeAndFlush(SocketServer.line(farewell)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
