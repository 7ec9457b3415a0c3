import Foundation
import OKRWire
import Synchronization

/// Writers for the crash harness: each runs on a thread of its own with one connection, and
/// performs its numbered operations strictly in order, each until it is acknowledged.
///
/// Operation `n` of writer `w` is, by `n % 3`:
/// - 0: `observe` of metric `crash.wW`, value `n`, idempotency key `o-W-n`;
/// - 1: `kr.add` of `KR-wW-n` under `O-1`, measured by `crash.wW`;
/// - 2: `checkin` on the KR made by operation `n - 1`, note `W-n`, idempotency key `c-W-n`.
///
/// A connection that breaks (the daemon was killed) leaves the operation unacknowledged: the
/// writer reconnects and sends the same operation again, as a careful client would. Keys make
/// the retry of an observation or a check-in harmless; a KR's retry may find it already made,
/// which is as good as an acknowledgement. So every operation a writer counts as done is one
/// the daemon acknowledged, and the harness can demand each exactly once in the log.
final class CrashWriters: Sendable {
    let socketPath: String
    let count: Int
    private let stopping = Atomic<Bool>(false)
    private let done: Mutex<[Int]>
    private let failures = Mutex<[String]>([])
    private let finished = DispatchGroup()

    init(socketPath: String, count: Int) {
        self.socketPath = socketPath
        self.count = count
        done = Mutex(Array(repeating: 0, count: count))
    }

    /// Starts every writer.
    func start() {
        for writer in 0..<count {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                run(writer)
            }
            thread.start()
        }
    }

    /// Asks the writers to stop after their current operation, and waits for them.
    /// Returns how many operations each finished (all acknowledged).
    func stop() -> [Int] {
        stopping.store(true, ordering: .relaxed)
        finished.wait()
        return done.withLock { $0 }
    }

    /// Answers the daemon gave that no retry explains (a writer that sees one stops).
    var unexpected: [String] { failures.withLock { $0 } }

    /// Acknowledged operations so far, over all writers.
    var acknowledged: Int { done.withLock { $0.reduce(0, +) } }

    private func run(_ writer: Int) {
        var client: WireClient?
        var operation = 0
        var attempts = 0
        while !stopping.load(ordering: .relaxed) || attempts > 0 {
            if client == nil {
                client = try? WireClient(path: socketPath)
                if client == nil {
                    usleep(5_000)
                    continue
                }
            }
            attempts += 1
            do {
                try perform(operation, of: writer, on: client!)
            } catch .rejected(let error) where operation % 3 == 1 && attempts > 1 && error.message.contains("already exists") {
                // A KR whose creation committed before the kill, and whose answer was lost: done.
            } catch .unreachable, .connectionLost {
                client = nil
                continue
            } catch {
                failures.withLock { $0.append("writer \(writer), operation \(operation): \(error)") }
                return
            }
            operation += 1
            attempts = 0
            let finished = operation
            done.withLock { $0[writer] = finished }
        }
    }

    private func perform(_ operation: Int, of writer: Int, on client: WireClient) throws(WireClientError) {
        switch operation % 3 {
        case 0:
            let observation = Observation(metric: Self.metric(writer), value: Double(operation), key: Self.observationKey(writer, operation))
            let result = try client.call("observe", ObserveParams(observations: [observation]), as: ObserveResult.self)
            guard result.appended + result.duplicates == 1 else { throw .protocolError("observe answered \(result)") }
        case 1:
            let params = KeyResultAddParams(title: "Crash \(writer) \(operation)", objective: "O-1", metric: Self.metric(writer),
                                            target: Double(operation + 100), baseline: 0, id: Self.keyResult(writer, operation))
            _ = try client.call("kr.add", params, as: WriteResult.self)
        default:
            let params = CheckInParams(kr: Self.keyResult(writer, operation - 1), confidence: operation % 11,
                                       note: Self.note(writer, operation), key: "c-\(writer)-\(operation)")
            _ = try client.call("checkin", params, as: WriteResult.self)
        }
    }

    static func metric(_ writer: Int) -> String { "crash.w\(writer)" }
    static func observationKey(_ writer: Int, _ operation: Int) -> String { "o-\(writer)-\(operation)" }
    static func keyResult(_ writer: Int, _ operation: Int) -> String { "KR-w\(writer)-\(operation)" }
    static func note(_ writer: Int, _ operation: Int) -> String { "\(writer)-\(operation)" }
}
