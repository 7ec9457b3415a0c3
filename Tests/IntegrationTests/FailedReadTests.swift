import Foundation
import Logging
import OKREvents
import OKRProjections
import OKRTestSupport
import OKRWire
import Synchronization
import Testing
@testable import OKRServer

/// SPEC §8 / issue 29 §4: a failed read of the log's observations is an error naming the metric,
/// never "no data" — not in the answer, not in the memo, not in a snapshot — and it is counted.
@Suite struct FailedReadTests {
    /// okrd's own source over a real LMDB log, whose reads of `metric` fail `failures` times
    /// first (what a transient storage error does), counted as okrd counts them.
    final class FailingFirst: ObservationSource {
        let inner: IndexedObservationSource
        let metric: String
        let failures: Mutex<Int>

        init(_ inner: IndexedObservationSource, metric: String, failures: Int) {
            self.inner = inner
            self.metric = metric
            self.failures = Mutex(failures)
        }

        private func fail(_ metric: String) throws(ObservationReadError) {
            guard metric == self.metric, failures.withLock({ left in defer { left -= 1 }; return left > 0 }) else { return }
            inner.failedReads.add()
            throw ObservationReadError(metric: metric, message: "MDB_PANIC: the read failed")
        }

        func observations(of metric: String, from: Instant, through: Instant) throws(ObservationReadError) -> [IndexedObservation] {
            try fail(metric)
            return try inner.observations(of: metric, from: from, through: through)
        }

        func days(of metric: String, from: Int64, through: Int64, limit: Int, descending: Bool) throws(ObservationReadError) -> [DaySummary] {
            try fail(metric)
            return try inner.days(of: metric, from: from, through: through, limit: limit, descending: descending)
        }
    }

    @Test func aReadThatFailsOnceIsAnErrorNamingTheMetricAndIsNeverRemembered() async throws {
        let directory = TemporaryDirectory("okr-failed-read")
        let store = ProjectionStore(settings: DaemonConfiguration().projectionSettings)
        var quiet = Logger(label: "failed-read-test")
        quiet.logLevel = .critical
        let log = try EventLog(directory: directory.path, logger: quiet, onCommit: { store.fold($0) })
        defer { log.close() }
        let source = FailingFirst(IndexedObservationSource(log: log, logger: quiet, failedReads: store.readErrors), metric: "m.flaky", failures: 1)
        store.reset(to: OKRModel(source: source))
        let context = FeatureContext(log: log, store: store, observeBatchLimit: 100, insightLifetimeSeconds: 86_400, logger: quiet)
        let router = RequestRouter(context: context, policy: AccessPolicy(DaemonConfiguration().access), lineLimit: 1 << 20,
                                   health: LogHealth(), logger: quiet)
        let writer = Peer(uid: 1, gid: 1, pid: 1, user: "someone", role: .writer)
        func answer(_ line: String) async -> String {
            guard case .respond(let bytes) = await router.handle(RPCIncoming.parse(Array(line.utf8)), peer: writer) else { return "" }
            return bytes.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        let at = Instant.now().adding(seconds: -86_400)
        _ = try await log.append([
            NewEvent(CycleDefined(id: "Q", name: "Q", start: CalendarDay(containing: at.adding(seconds: -30 * 86_400)),
                                  end: CalendarDay(containing: at.adding(seconds: 60 * 86_400))), actor: "t"),
            NewEvent(ObjectiveCreated(id: "O", cycle: "Q", team: "growth", title: "O", parents: []), actor: "t"),
            NewEvent(KeyResultCreated(id: "K", objective: "O", title: "K", metric: "m.flaky", baseline: 0, target: 10), actor: "t"),
            NewEvent(MetricObserved(metric: "m.flaky", value: 4, source: "t"), effectiveAt: at, actor: "t"),
        ])
        let status = #"{"jsonrpc":"2.0","method":"status","params":{"cycle":"Q"},"id":1}"#
        let failed = await answer(status)
        #expect(failed.contains("-32603") && failed.contains("m.flaky"), "an internal error naming the metric: \(failed)")
        #expect(store.readErrors.value == 1, "counted (okrd_read_errors_total)")
        // Not remembered: the next answer reads again and finds the value.
        let again = await answer(status)
        #expect(again.contains(#""current":4"#), "\(again)")
        // Nor in a snapshot: a model restored from one knows the value too.
        let restored = try OKRModel(snapshot: store.copy().snapshot(), source: source.inner)
        let report = restored.answer(StatusQuery(perspective: Perspective(at: Instant.now()), cycle: "Q"))
        #expect(report.cycles.first?.objectives.first?.krs.first?.current == 4)
        // And ping reports the count, which the Prometheus export prints.
        let ping = await answer(#"{"jsonrpc":"2.0","method":"ping","id":2}"#)
        #expect(ping.contains(#""readErrors":1"#), "\(ping)")
    }
}
