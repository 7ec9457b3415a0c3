import OKREvents
import OKRProjections
import OKRWire
import Synchronization

/// The daemon's in-memory projection: the fold of every committed event, fed by the log's
/// writer in seq order before any append is acknowledged, and read by queries.
///
/// The lock is held only to fold a commit in and to take a copy: a query runs on its copy
/// (copy-on-write, so taking one costs a few retains) and reads LMDB without the lock, so the
/// writer thread never waits for a query. While a query holds a copy, the writer's next fold
/// copies the dictionaries it touches instead of waiting (BENCHMARKS.md, figure 7).
final class ProjectionStore: Sendable {
    private let model = Mutex(OKRModel())
    private let settingsValue: Mutex<ProjectionSettings>

    init(settings: ProjectionSettings) {
        settingsValue = Mutex(settings)
    }

    /// Starts again from `model` (before the replay at start-up).
    func reset(to model: OKRModel) {
        self.model.withLock { $0 = model }
    }

    /// A copy of the current model (copy-on-write: cheap until the next event).
    func copy() -> OKRModel {
        model.withLock { $0 }
    }

    /// The seq of the last event folded in.
    var lastSeq: UInt64 { model.withLock { $0.lastSeq } }

    /// Counts every event through `seq` as folded (after a replay that passed over observations).
    func advance(to seq: UInt64) {
        model.withLock { $0.advance(to: seq) }
    }

    /// Folds committed events (in seq order).
    func fold(_ events: [StoredEvent]) {
        model.withLock { model in
            for event in events { model.fold(event) }
        }
    }

    /// Folds in what a commit appended; a batch's observations go in without a ``StoredEvent`` each.
    func fold(_ committed: CommittedEvents) {
        model.withLock { model in
            committed.forEach(event: { model.fold($0) }, observation: { observation in
                model.foldObservation(metric: observation.metric, value: observation.value,
                                       at: Stamp(seq: observation.seq, effectiveAt: observation.effectiveAt,
                                                 recordedAt: observation.recordedAt))
            })
        }
    }

    /// Runs a query against the model as it stands now, outside the lock.
    func read<T, E: Error>(_ body: (borrowing OKRModel) throws(E) -> T) throws(E) -> T {
        let model = copy()
        return try body(model)
    }

    /// Observation reads that failed since okrd started (`okrd_read_errors_total`).
    let readErrors = ReadErrorCounter()

    /// Runs a query whose answer rests on observations, as ``read(_:)``: when a read of the
    /// log's observations fails anywhere in it, the answer is an internal error naming the
    /// metric, never a report that takes the failure for "no data" (and nothing of it is
    /// remembered, see ``ObservationReadFailures``).
    func answer<T>(_ body: (borrowing OKRModel) throws(DomainError) -> T) throws(DomainError) -> T {
        let failures = ObservationReadFailures()
        var outcome: Result<T, DomainError>?
        ObservationReadFailures.$current.withValue(failures) {
            do throws(DomainError) {
                outcome = .success(try read(body))
            } catch {
                outcome = .failure(error)
            }
        }
        if let failure = failures.first {
            throw DomainError(kind: .failed(metric: failure.metric),
                              message: "cannot read the observations of metric '\(failure.metric)': \(failure.message); try again")
        }
        return try outcome!.get()
    }

    /// The thresholds in force (reloaded on SIGHUP).
    var settings: ProjectionSettings {
        get { settingsValue.withLock { $0 } }
    }

    func update(settings: ProjectionSettings) {
        settingsValue.withLock { $0 = settings }
    }
}
