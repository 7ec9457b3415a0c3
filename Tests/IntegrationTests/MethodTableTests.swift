import Foundation
import Logging
import OKREvents
import OKRProjections
import OKRTestSupport
import OKRWire
import Testing
@testable import OKRServer

/// The method table: every descriptor of the protocol has exactly one entry, and the router
/// answers through it.
@Suite struct MethodTableTests {
    static func router(in directory: TemporaryDirectory) throws -> (RequestRouter, EventLog) {
        let configuration = DaemonConfiguration()
        let store = ProjectionStore(settings: configuration.projectionSettings)
        var quiet = Logger(label: "method-table-test")
        quiet.logLevel = .critical
        let log = try EventLog(directory: directory.path, logger: quiet, onCommit: { store.fold($0) })
        store.reset(to: OKRModel(source: IndexedObservationSource(log: log, logger: quiet, failedReads: ReadErrorCounter())))
        let context = FeatureContext(log: log, store: store, observeBatchLimit: configuration.observeBatchLimit,
                                         insightLifetimeSeconds: 90 * 86_400, logger: quiet)
        let router = RequestRouter(context: context, policy: AccessPolicy(configuration.access), lineLimit: 1 << 20,
                                   health: LogHealth(), logger: quiet)
        return (router, log)
    }

    @Test func everyMethodOfTheProtocolIsRegisteredOnce() throws {
        let directory = TemporaryDirectory()
        let (router, log) = try Self.router(in: directory)
        defer { log.close() }
        #expect(router.methods.methods == Set(Methods.all))
        #expect(Set(Methods.all.map(\.name)).count == Methods.all.count, "no two descriptors share a name")
        for method in Methods.all { #expect(router.methods[method.name]?.method == method) }
        #expect(router.methods["nope"] == nil)
    }

    @Test func theRouterAnswersThroughTheTable() async throws {
        let directory = TemporaryDirectory()
        let (router, log) = try Self.router(in: directory)
        defer { log.close() }
        let writer = Peer(uid: 1, gid: 1, pid: 1, user: "someone", role: .writer)
        func answer(_ line: String) async -> String {
            guard case .respond(let bytes) = await router.handle(RPCIncoming.parse(Array(line.utf8)), peer: writer) else { return "follow" }
            return bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        #expect(await answer(#"{"jsonrpc":"2.0","method":"cycle.add","params":{"id":"Q","start":"2026-01-01","end":"2026-03-31"},"id":1}"#)
            .contains(#""result":{"id":"Q""#))
        #expect(await answer(#"{"jsonrpc":"2.0","method":"cycle.list","params":[1,2],"id":2}"#).contains(#""id":"Q""#),
                "a method without params reads none")
        #expect(await answer(#"{"jsonrpc":"2.0","method":"status","params":{"asOf":"2026-02-01"},"id":3}"#).contains(#""cycles""#))
        #expect(await answer(#"{"jsonrpc":"2.0","method":"verify","id":4}"#).contains("permission denied"))
        #expect(await answer(#"{"jsonrpc":"2.0","method":"nope","id":5}"#).contains("-32601"))
        #expect(await answer(#"{"jsonrpc":"2.0","method":"log.follow"}"#) == "", "a notification is not answered")
        let stats = await answer(#"{"jsonrpc":"2.0","method":"stats","id":6}"#)
        #expect(stats.contains(#""status (as of)""#) && stats.contains(#""cycle.add""#), "\(stats)")
    }
}
