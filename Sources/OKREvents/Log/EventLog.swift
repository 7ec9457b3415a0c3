import CLMDB
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// okr's append-only event log: one LMDB environment in a directory, written by one thread.
///
/// - Appends (``append(_:)``) are validated for idempotency, given gap-free seqs from 1, and
///   committed in one write transaction per round of the writer thread (group commit). They
///   return only after the commit, so with ``Durability/sync`` an acknowledged event is on disk.
/// - Reads (``events(from:limit:)``, ``forEachEvent(from:through:skippingObservations:_:)``,
///   ``observations(of:from:through:)``) use short read transactions and may run on any thread,
///   concurrently with appends.
/// - When the map fills, the writer grows it (with no transaction open in the process) and retries.
///
/// It is a façade over parts that each own their state (docs/STORAGE.md, "The log's parts"):
/// ``RecordStore`` (the records and the last seq), ``IdempotencyIndex`` and ``ContentIdentity``
/// (what repeats), ``MetricIndex`` (the per-metric indexes and their backlog), ``LogWriter``
/// (the group-commit thread), ``LogVerifier`` and ``SnapshotStore``. This file opens and closes them.
public final class EventLog: Sendable {
    /// The directory holding `data.mdb`, `lock.mdb` and `okrd.lock`.
    public let directory: String
    let options: EventLogOptions
    let environment: LMDBEnvironment
    let databases: Databases
    let logger: Logger
    let records: RecordStore
    let metricIndex: MetricIndex
    let snapshots: SnapshotStore
    let verifier: LogVerifier
    /// The writer, for a writable log.
    let writer: LogWriter?
    private let directoryLock: DirectoryLock?
    private let closed = Atomic(false)

    /// The log's LMDB databases, each owned by one part.
    struct Databases: Sendable {
        let events: LMDBDatabase
        let idempotency: LMDBDatabase
        let metricTime: LMDBDatabase
        let metricDay: LMDBDatabase
        let meta: LMDBDatabase
        let snapshots: LMDBDatabase
    }

    /// Opens the log in `directory`, creating it (and the directory) if needed.
    ///
    /// `onCommit`, when given, is called on the writer thread with each round's newly appended
    /// events in seq order (``CommittedEvents``), after the commit and before any caller is answered: a projection fed
    /// from it is never behind an acknowledgement. It must be quick and must not append.
    ///
    /// Throws ``EventLogError/Kind-swift.enum/locked`` when another process has the same log open for writing.
    public init(directory: String, options: EventLogOptions = EventLogOptions(),
                logger: Logger = Logger(label: "okr.eventlog"),
                clock: @escaping @Sendable () -> Instant = { Instant.now() },
                onCommit: (@Sendable (CommittedEvents) -> Void)? = nil) throws(EventLogError) {
        self.directory = directory
        self.options = options
        self.logger = logger
        if !options.readOnly {
            try EventLog.makeDirectory(directory)
            directoryLock = try DirectoryLock(path: directory + "/okrd.lock")
        } else {
            directoryLock = nil
        }
        var flags: Int32 = 0
        switch options.durability {
        case .sync: break
        case .metaAsync: flags |= MDB_NOMETASYNC
        case .async: flags |= MDB_NOSYNC
        }
        do {
            environment = try LMDBEnvironment(
                directory: directory, mapSize: options.initialMapSize, maxDatabases: 8, maxReaders: 1024,
                flags: flags, readOnly: options.readOnly, fileMode: mode_t(options.fileMode))
        } catch {
            throw EventLog.openError(error, directory: directory)
        }
        do {
            let environment = self.environment
            let (databases, storedFormat) = try EventLog.openDatabases(environment, create: !options.readOnly)
            self.databases = databases
            records = try RecordStore(environment: environment, database: databases.events, chunkSize: options.readChunkSize)
            metricIndex = MetricIndex(environment: environment, time: databases.metricTime, day: databases.metricDay,
                                      meta: databases.meta, logger: logger)
            snapshots = SnapshotStore(environment: environment, database: databases.snapshots, readOnly: options.readOnly)
            verifier = LogVerifier(records: records, metricIndex: metricIndex)
            if storedFormat < StorageKeys.storageFormat && !options.readOnly {
                try EventLog.upgrade(from: storedFormat, records: records, metricIndex: metricIndex,
                                     meta: databases.meta, logger: logger)
            }
            try metricIndex.catchUp(with: records)
        } catch {
            environment.close()
            throw EventLogError.wrapping(error)
        }
        writer = options.readOnly ? nil : LogWriter(
            environment: environment, records: records,
            idempotency: IdempotencyIndex(database: databases.idempotency, records: records),
            metricIndex: metricIndex, options: options, directory: directory, logger: logger, clock: clock,
            onCommit: onCommit)
    }

    /// The seq of the last committed event (0 for an empty log).
    public var lastSeq: UInt64 { records.lastSeq }

    /// Write transactions committed since the log was opened, and the append requests they
    /// answered: their ratio is how well commits are shared (group commit).
    public var commitCounts: (commits: Int, requests: Int) {
        (writer?.commits.load(ordering: .relaxed) ?? 0, writer?.committedRequests.load(ordering: .relaxed) ?? 0)
    }

    /// The current size of the memory map in bytes (it grows when full).
    public var mapSize: Int { environment.mapSize }

    /// Finishes queued appends, then closes the environment. Later calls fail with `closed`.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        writer?.stop()
        if !options.readOnly { metricIndex.writeBacklog(through: lastSeq) }
        environment.close()
        directoryLock?.release()
    }

    deinit { close() }

    /// Refuses every later append with `error`: for a log found damaged, which must not grow
    /// past the damage. Reads carry on.
    public func refuseAppends(_ error: EventLogError) {
        writer?.refuseAppends(error)
    }

    /// Opens every database (creating them when writable) and returns the storage format the
    /// log had (the current one for a new log).
    private static func openDatabases(_ environment: LMDBEnvironment, create: Bool) throws -> (Databases, UInt32) {
        let open = { (transaction: LMDBTransaction) throws -> (Databases, UInt32) in
            let meta = try environment.openDatabase(StorageKeys.metaDatabase, in: transaction, create: create)
            let format = try StorageFormat.check(transaction, meta, writable: create)
            let databases = Databases(
                events: try environment.openDatabase(StorageKeys.eventsDatabase, in: transaction, create: create),
                idempotency: try environment.openDatabase(StorageKeys.idempotencyDatabase, in: transaction, create: create),
                metricTime: try environment.openDatabase(StorageKeys.metricTimeDatabase, in: transaction, create: create),
                metricDay: try environment.openDatabase(StorageKeys.metricDayDatabase, in: transaction, create: create),
                meta: meta,
                snapshots: try environment.openDatabase(StorageKeys.snapshotsDatabase, in: transaction, create: create))
            return (databases, format)
        }
        return create ? try environment.write(open) : try environment.readCommitting(open)
    }

    /// Brings an older log up to the current format in one transaction: format 1 lacked
    /// `metric-day`, which is built from the log's observations; format 2 indexed every append
    /// in its own transaction, so its indexes cover the whole log.
    private static func upgrade(from format: UInt32, records: RecordStore, metricIndex: MetricIndex,
                                meta: LMDBDatabase, logger: Logger) throws {
        let started = ContinuousClock.now
        let days = try records.environment.write { transaction in
            let days = format < 2 ? try metricIndex.rebuildDays(from: records, in: transaction) : 0
            try MetricIndex.recordIndexedThrough(records.lastSeq, in: transaction, meta)
            try StorageFormat.recordCurrent(transaction, meta)
            return days
        }
        logger.notice("upgraded the event log's storage format", metadata: [
            "from": "\(format)", "to": "\(StorageKeys.storageFormat)", "daySummaries": "\(days)",
            "took": "\(ContinuousClock.now - started)",
        ])
    }

    private static func makeDirectory(_ path: String) throws(EventLogError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw EventLogError(.storage, "cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }

    private static func openError(_ error: LMDBError, directory: String) -> EventLogError {
        if error.code == ENOENT {
            return EventLogError(.storage, "no event log in \(directory)")
        }
        return EventLogError(.storage, "cannot open the event log in \(directory): \(error.description)")
    }
}
