#if OKR_FUZZ
import Dispatch
import Foundation
import Logging
import OKREvents
import OKRProjections
@testable import OKRServer
import OKRWire
import Synchronization

/// libFuzzer's entry point when the caller brings its own `main` (`libclang_rt.fuzzer_no_main`).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                 _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The coverage-guided fuzzer over what a request line meets inside okrd (issue 7, test 2):
/// `RPCIncoming.parse`, each method's params decoding and checks, and ``RequestRouter`` with the
/// features over a real LMDB log. Compiled only into the fuzzing build (`make fuzz`:
/// `-DOKR_FUZZ`, `-enable-testing` for the `@testable` import of OKRServer, sanitizer coverage,
/// AddressSanitizer), as the `okrd-fuzz` executable.
///
/// Each input is one request line from a `writer` (everything but `verify` and `backup`, which
/// writes where the request says). After each input it checks what a client and the log would
/// notice: the answer is one JSON-RPC response (or a batch of them) and every event it appended
/// reads back whole; every 2,000 inputs `verify` must pass on the whole log.
enum RequestFuzzer {
    static func run() -> Never {
        _ = FuzzTarget.shared
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, count in
            FuzzTarget.shared.handle(UnsafeBufferPointer(start: data, count: count))
            return 0
        })
    }
}

/// A router over a fresh log in a temporary directory, seeded with one OKR tree so that ids in
/// the corpus name things that exist.
private final class FuzzTarget: Sendable {
    static let shared = FuzzTarget()

    let log: EventLog
    let router: RequestRouter
    let peer = Peer(uid: 1, gid: 1, pid: 1, user: "fuzz", role: .writer)
    let runs = Atomic(0)

    init() {
        let directory = NSTemporaryDirectory() + "okr-fuzz-\(getpid())"
        let configuration = DaemonConfiguration()
        let store = ProjectionStore(settings: configuration.projectionSettings)
        var options = EventLogOptions()
        options.durability = .async
        var quiet = Logger(label: "okr-fuzz")
        quiet.logLevel = .critical
        do {
            log = try EventLog(directory: directory, options: options, logger: quiet, onCommit: { store.fold($0) })
        } catch {
            fatalError("cannot open the fuzzing log in \(directory): \(error)")
        }
        store.reset(to: OKRModel(source: IndexedObservationSource(log: log, logger: quiet, failedReads: ReadErrorCounter())))
        let context = FeatureContext(log: log, store: store, observeBatchLimit: configuration.observeBatchLimit,
                                     insightLifetimeSeconds: 90 * 86_400, logger: quiet)
        router = RequestRouter(context: context, policy: AccessPolicy(configuration.access), lineLimit: 1 << 20,
                               health: LogHealth(), logger: quiet)
        for line in Self.seed { handle(Array(line.utf8)) }
        guard log.lastSeq == UInt64(Self.seed.count) else { fatalError("the seed did not go in: \(log.lastSeq) events") }
        print("okr-fuzz: log in \(directory), seeded with \(log.lastSeq) events")
    }

    static let seed = [
        #"{"jsonrpc":"2.0","method":"cycle.add","params":{"id":"2026-Q1","start":"2026-01-01","end":"2026-03-31"},"id":1}"#,
        #"{"jsonrpc":"2.0","method":"northstar.add","params":{"id":"NS","name":"Weekly active teams","metric":"wat"},"id":2}"#,
        #"{"jsonrpc":"2.0","method":"strategy.add","params":{"id":"S-1","northStar":"NS","statement":"Win small teams"},"id":3}"#,
        #"{"jsonrpc":"2.0","method":"objective.add","params":{"title":"Delight","cycle":"2026-Q1","team":"growth","strategy":"S-1"},"id":4}"#,
        #"{"jsonrpc":"2.0","method":"kr.add","params":{"objective":"O-1","title":"Signups","metric":"signups","target":200,"baseline":100},"id":5}"#,
        #"{"jsonrpc":"2.0","method":"observe","params":{"metric":"signups","value":120,"at":"2026-01-10T00:00:00Z","key":"s1"},"id":6}"#,
        #"{"jsonrpc":"2.0","method":"checkin","params":{"kr":"KR-1","confidence":7,"note":"on track"},"id":7}"#,
    ]

    func handle(_ bytes: UnsafeBufferPointer<UInt8>) { handle(Array(bytes)) }

    func handle(_ line: [UInt8]) {
        let before = log.lastSeq
        let incoming = RPCIncoming.parse(line)
        let router = self.router, peer = self.peer
        let outcome = Self.blocking { await router.handle(incoming, peer: peer) }
        if case .respond(let answer?) = outcome { Self.checkResponse(answer, to: line) }
        checkAppended(after: before)
        if runs.add(1, ordering: .relaxed).newValue.isMultiple(of: 2_000) { checkWholeLog() }
    }

    /// The answer is a JSON-RPC 2.0 response, or a non-empty array of them.
    static func checkResponse(_ answer: [UInt8], to line: [UInt8]) {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(answer)) else {
            fatalError("answer is not JSON: \(String(decoding: answer, as: UTF8.self)) to \(String(decoding: line, as: UTF8.self))")
        }
        let responses = (parsed as? [Any]) ?? [parsed]
        guard !responses.isEmpty else { fatalError("an empty batch answer to \(String(decoding: line, as: UTF8.self))") }
        for response in responses {
            guard let object = response as? [String: Any], object["jsonrpc"] as? String == "2.0",
                  (object["result"] == nil) != (object["error"] == nil), object.keys.contains("id") else {
                fatalError("not a JSON-RPC response: \(response) to \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    /// Whatever the input appended reads back whole, in seq order, with finite numbers.
    func checkAppended(after before: UInt64) {
        let last = log.lastSeq
        guard last > before else { return }
        do {
            let events = try log.events(from: before + 1, limit: Int(last - before))
            guard events.map(\.seq) == Array(before + 1...last) else { fatalError("appended seqs \(events.map(\.seq)) after \(before)") }
            for event in events {
                if case .metricObserved(let observation) = event.payload, !observation.value.isFinite {
                    fatalError("a non-finite observation was appended: \(event)")
                }
            }
        } catch {
            fatalError("an appended event does not read back: \(error)")
        }
    }

    func checkWholeLog() {
        guard let report = try? log.verify(), report.problems.isEmpty, report.gaps.isEmpty else {
            fatalError("verify failed after \(runs.load(ordering: .relaxed)) inputs: \(String(describing: try? log.verify()))")
        }
    }

    /// Runs async work to completion from libFuzzer's (synchronous) callback thread.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let value = await body()
            result.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}
#endif
