import OKRWire
import Testing
@testable import OKRServer

/// A connection's queue and life, without a socket: answers leave in the order their lines
/// came, whatever order they are ready in, and a closing connection reads nothing more.
@Suite struct ConnectionStateTests {
    static func line(_ text: String) -> RequestQueue.Line { .request(RPCIncoming.parse(Array(text.utf8))) }

    @Test func answersAreWrittenInTheOrderTheLinesCame() {
        var queue = RequestQueue()
        for id in 1...3 { queue.append(Self.line(#"{"jsonrpc":"2.0","method":"ping","id":\#(id)}"#)) }
        let numbers = (1...3).map { _ in queue.start().number }
        #expect(numbers == [0, 1, 2])
        #expect(queue.outstanding == 3 && queue.waiting.isEmpty)
        queue.answer(2, Array("third".utf8))
        queue.answer(1, nil)
        #expect(queue.takeAnswers().settled == 0, "nothing leaves before the first line's answer")
        queue.answer(0, Array("first".utf8))
        let (answers, settled) = queue.takeAnswers()
        #expect(answers.map { String(decoding: $0, as: UTF8.self) } == ["first", "third"], "a notification writes nothing")
        #expect(settled == 3 && queue.isIdle)
    }

    @Test func followingForgetsWhatWasStarted() {
        var queue = RequestQueue()
        queue.append(Self.line(#"{"jsonrpc":"2.0","method":"log.follow","id":1}"#))
        _ = queue.start()
        queue.settleAll()
        #expect(queue.isIdle && queue.held == 0)
    }

    @Test func aClosingOrFollowingConnectionReadsNothingMore() {
        let peer = Peer(uid: 1, gid: 1, pid: 1, user: "someone", role: .reader)
        let serving = ConnectionState.serving(registration: 7, peer: peer, closing: false)
        #expect(serving.reads && !serving.closing && serving.registration == 7)
        let closing = serving.closingWhenIdle
        #expect(!closing.reads && closing.closing && closing.registration == 7)
        #expect(!ConnectionState.following(registration: 7, subscription: 1).reads)
        #expect(ConnectionState.identifying(registration: nil, closing: false).closingWhenIdle.closing)
        #expect(ConnectionState.closed.registration == nil && !ConnectionState.closed.reads)
    }
}
