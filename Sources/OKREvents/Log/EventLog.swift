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
/// - Reads (``events(from:limit:)``, ``forEachEvent(from:_:)``, ``observations(of:from:through:)``)
///   use short read transactions and may run on any thread, concurrently with appends.
/// - When the map fills, the writer grows it (with no transaction open in the process) and retries.
public final class EventLog: Sendable {
    /// The directory holding `data.mdb`, `lock.mdb` and `okrd.lock`.
    public let directory: String
    let options: EventLogOptions
    let environment: LMDBEnvironment
    let databases: Databases
    let logger: Logger
    let clock: @Sendable () -> Instant
    let onCommit: (@Sendable (CommittedEvents) -> Void)?
    private let directoryLock: DirectoryLock?
    private let committedSeq: Atomic<UInt64>
    /// Ids for new events (taken on the writer thread; the lock is never contended).
    let uuids = Mutex(RandomUUIDs())
    /// Why appends are refused from now on (``refuseAppends(_:)``); `nil` while they are not.
    let appendRefusal = Mutex<EventLogError?>(nil)
    /// Index entries of committed observations not yet in `metric-time` and `metric-day`
    /// (EventLog+IndexLag.swift); written by the writer thread only, read by every index reader.
    let backlog = Mutex(IndexEntries())
    private let closed = Atomic(false)
    // Set once in init; the writer exists only for a writable log.
    nonisolated(unsafe) private var writer: WriterThread<AppendRequest>? = nil

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
        self.onCommit = onCommit
        self.options = options
        self.logger = logger
        self.clock = clock
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
            let last = try environment.read { transaction in
                try transaction.withCursor(databases.events) { cursor in
                    try cursor.move(MDB_LAST).flatMap { StorageKeys.seq(fromKey: $0.key) } ?? 0
                }
            }
            committedSeq = Atomic(last)
            if storedFormat < StorageKeys.storageFormat && !options.readOnly { try upgrade(from: storedFormat) }
            let indexed = try environment.read { try EventLog.indexedThrough(in: $0, databases.meta) } ?? last
            if indexed < last {
                let held = try indexTail(after: indexed)
                logger.info("indexed the events the per-metric indexes did not cover yet", metadata: [
                    "after": "\(indexed)", "through": "\(last)", "observations": "\(held)"])
            }
        } catch {
            environment.close()
            throw EventLogError.wrapping(error)
        }
        if !options.readOnly {
            let writer = WriterThread<AppendRequest> { [unowned self] requests in self.commit(requests) }
            writer.start()
            self.writer = writer
        }
    }

    /// The seq of the last committed event (0 for an empty log).
    public var lastSeq: UInt64 { committedSeq.load(ordering: .acquiring) }

    func setLastSeq(_ seq: UInt64) { committedSeq.store(seq, ordering: .releasing) }

    /// The current size of the memory map in bytes (it grows when full).
    public var mapSize: Int { environment.mapSize }

    /// Finishes queued appends, then closes the environment. Later calls fail with `closed`.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        writer?.stop()
        if !options.readOnly { writeBacklog() }
        environment.close()
        directoryLock?.release()
    }

    deinit { close() }

    func submit(_ request: AppendRequest) -> Bool { writer?.submit(request) ?? false }

    /// Refuses every later append with `error`: for a log found damaged, which must not grow
    /// past the damage. Reads carry on.
    public func refuseAppends(_ error: EventLogError) {
        appendRefusal.withLock { $0 = error }
    }

    /// Opens every database (creating them when writable) and returns the storage format the
    /// log had (the current one for a new log).
    private static func openDatabases(_ environment: LMDBEnvironment, create: Bool) throws -> (Databases, UInt32) {
        let open = { (transaction: LMDBTransaction) throws -> (Databases, UInt32) in
            let meta = try environment.openDatabase(StorageKeys.metaDatabase, in: transaction, create: create)
            let format = try checkFormat(transaction, meta, writable: create)
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

    /// The log's storage format: refuses a newer one, and an older one that cannot be upgraded
    /// here (read-only); records the current one in a new log.
    private static func checkFormat(_ transaction: LMDBTransaction, _ meta: LMDBDatabase, writable: Bool) throws -> UInt32 {
        let formatKey = StorageKeys.formatKey
        let stored = try transaction.get(meta, formatKey)
        if let stored {
            var reader = ByteReader(stored)
            let format = try reader.readUInt32("format")
            guard format <= StorageKeys.storageFormat else {
                throw EventLogError(.unsupportedFormat,
                    "storage format \(format) was written by a newer okrd; this build reads up to \(StorageKeys.storageFormat)")
            }
            // Format 2 differs only in indexing every append at once, which reads the same.
            guard format >= 2 || writable else {
                throw EventLogError(.unsupportedFormat,
                    "storage format \(format) predates this build's \(StorageKeys.storageFormat); start okrd on it once to upgrade it")
            }
            return format
        }
        guard writable else { throw EventLogError(.corrupt, "no storage format recorded: not an okr log") }
        try recordFormat(transaction, meta)
        try recordIndexedThrough(0, in: transaction, meta)
        var created = ByteWriter()
        created.write(Instant.now())
        try transaction.put(meta, StorageKeys.createdKey, created.bytes)
        return StorageKeys.storageFormat
    }

    private static func recordFormat(_ transaction: LMDBTransaction, _ meta: LMDBDatabase) throws {
        var value = ByteWriter()
        value.write(StorageKeys.storageFormat)
        try transaction.put(meta, StorageKeys.formatKey, value.bytes)
    }

    /// Brings an older log up to the current format in one transaction: format 1 lacked
    /// `metric-day`, which is built from the log's observations; format 2 indexed every append
    /// in its own transaction, so its indexes cover the whole log.
    private func upgrade(from format: UInt32) throws {
        let started = ContinuousClock.now
        let days = try environment.write { transaction in
            let days = format < 2 ? try rebuildMetricDays(in: transaction) : 0
            try EventLog.recordIndexedThrough(lastSeq, in: transaction, databases.meta)
            try EventLog.recordFormat(transaction, databases.meta)
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
