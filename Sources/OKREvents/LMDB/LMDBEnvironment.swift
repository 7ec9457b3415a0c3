import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// An LMDB environment: one memory-mapped file holding okr's named databases.
///
/// Read transactions may run on any thread (`MDB_NOTLS`, since Swift tasks hop threads) and
/// must be short. Write transactions are begun and ended on the log's writer thread only.
/// Every transaction holds ``lock`` shared, so the map can be grown with none open.
final class LMDBEnvironment: @unchecked Sendable {
    let pointer: OpaquePointer
    let lock = ReadWriteLock()
    let isReadOnly: Bool
    private var isClosed = false

    /// Opens (creating if needed) the environment in `directory`.
    init(directory: String, mapSize: Int, maxDatabases: UInt32, maxReaders: UInt32, flags: Int32,
         readOnly: Bool, fileMode: mode_t) throws(LMDBError) {
        var environment: OpaquePointer?
        try LMDBError.check(mdb_env_create(&environment), "mdb_env_create")
        pointer = environment!
        isReadOnly = readOnly
        do {
            try LMDBError.check(mdb_env_set_maxdbs(pointer, maxDatabases), "mdb_env_set_maxdbs")
            try LMDBError.check(mdb_env_set_maxreaders(pointer, maxReaders), "mdb_env_set_maxreaders")
            try LMDBError.check(mdb_env_set_mapsize(pointer, mapSize), "mdb_env_set_mapsize")
            let allFlags = UInt32(flags) | UInt32(MDB_NOTLS) | (readOnly ? UInt32(MDB_RDONLY) : 0)
            try LMDBError.check(mdb_env_open(pointer, directory, allFlags, fileMode), "mdb_env_open(\(directory))")
        } catch {
            mdb_env_close(pointer)
            throw error
        }
    }

    /// The current size of the memory map in bytes.
    var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(pointer, &info)
        return info.me_mapsize
    }

    /// Runs `body` in a short read-only transaction.
    func read<T>(_ body: (LMDBTransaction) throws -> T) throws -> T {
        try run(flags: UInt32(MDB_RDONLY), commit: false, body)
    }

    /// Runs `body` in a write transaction and commits it; aborts if `body` throws.
    /// Appends go through the writer thread only; snapshots write from their own thread, and LMDB
    /// runs one write transaction at a time.
    func write<T>(_ body: (LMDBTransaction) throws -> T) throws -> T {
        try run(flags: 0, commit: true, body)
    }

    /// Runs `body` in a read-only transaction that is committed, which is what keeps database
    /// handles opened inside it (a read-only environment opens its databases this way).
    func readCommitting<T>(_ body: (LMDBTransaction) throws -> T) throws -> T {
        try run(flags: UInt32(MDB_RDONLY), commit: true, body)
    }

    private func run<T>(flags: UInt32, commit: Bool, _ body: (LMDBTransaction) throws -> T) throws -> T {
        while true {
            let result: T? = try lock.withShared {
                guard !isClosed else { throw LMDBError.closed }
                var transaction: OpaquePointer?
                let code = mdb_txn_begin(pointer, nil, flags, &transaction)
                if code == MDB_MAP_RESIZED { return nil }
                try LMDBError.check(code, "mdb_txn_begin")
                let value: T
                do {
                    value = try body(LMDBTransaction(pointer: transaction!))
                } catch {
                    mdb_txn_abort(transaction)
                    throw error
                }
                if commit {
                    try LMDBError.check(mdb_txn_commit(transaction), "mdb_txn_commit")
                } else {
                    mdb_txn_abort(transaction)
                }
                return value
            }
            if let result { return result }
            try adoptResizedMap()
        }
    }

    /// Opens (or, writable, creates) a named database.
    func openDatabase(_ name: String, in transaction: LMDBTransaction, create: Bool) throws(LMDBError) -> LMDBDatabase {
        var database: MDB_dbi = 0
        try LMDBError.check(mdb_dbi_open(transaction.pointer, name, create ? UInt32(MDB_CREATE) : 0, &database),
                            "mdb_dbi_open(\(name))")
        return database
    }

    /// Grows the map to `newSize` bytes, waiting until no transaction is open in this process.
    func setMapSize(_ newSize: Int) throws(LMDBError) {
        try lock.withExclusive { () throws(LMDBError) in
            try LMDBError.check(mdb_env_set_mapsize(pointer, newSize), "mdb_env_set_mapsize")
        }
    }

    /// Another process grew the map: adopt its size.
    private func adoptResizedMap() throws(LMDBError) { try setMapSize(0) }

    /// Writes a compacted copy of the environment into `directory` (which must exist and hold no `data.mdb`).
    /// Runs under its own read transaction, so writers carry on.
    func copyCompacted(to directory: String) throws(LMDBError) {
        try lock.withShared { () throws(LMDBError) in
            guard !isClosed else { throw LMDBError.closed }
            try LMDBError.check(mdb_env_copy2(pointer, directory, UInt32(MDB_CP_COMPACT)), "mdb_env_copy2(\(directory))")
        }
    }

    /// Closes the environment once no transaction is open. Idempotent.
    func close() {
        lock.withExclusive {
            guard !isClosed else { return }
            isClosed = true
            mdb_env_close(pointer)
        }
    }
}
