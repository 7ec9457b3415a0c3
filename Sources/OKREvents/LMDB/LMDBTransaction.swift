import CLMDB

/// A named database inside the environment.
typealias LMDBDatabase = MDB_dbi

/// An open LMDB transaction. Valid only inside the closure that received it; values returned by
/// `get` and cursors point into the memory map and are valid only until the transaction ends.
struct LMDBTransaction {
    let pointer: OpaquePointer

    /// The value stored under `key`, or `nil`.
    func get(_ database: LMDBDatabase, _ key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val()
        let code = mdb_get(pointer, database, &keyValue, &dataValue)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code, "mdb_get")
        return UnsafeRawBufferPointer(start: dataValue.mv_data, count: dataValue.mv_size)
    }

    /// Stores `value` under `key`. `MDB_APPEND` requires `key` to sort after every existing key.
    func put(_ database: LMDBDatabase, _ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer,
             flags: Int32 = 0) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try LMDBError.check(mdb_put(pointer, database, &keyValue, &dataValue, UInt32(flags)), "mdb_put")
    }

    /// The value stored under the key `key`, or `nil`.
    func get(_ database: LMDBDatabase, _ key: [UInt8]) throws -> UnsafeRawBufferPointer? {
        try key.withUnsafeBytes { try get(database, $0) }
    }

    /// Stores `value` under `key`.
    func put(_ database: LMDBDatabase, _ key: [UInt8], _ value: [UInt8], flags: Int32 = 0) throws {
        try key.withUnsafeBytes { key in try value.withUnsafeBytes { try put(database, key, $0, flags: flags) } }
    }

    /// Stores `entries` in key order, not the order given: a batch then walks the B-tree from
    /// left to right and finds its pages in the CPU's cache, where random order missed on nearly
    /// every node (BENCHMARKS.md). Keys compare with `memcmp`, as LMDB's default order does.
    func putInKeyOrder(_ entries: [(key: [UInt8], value: [UInt8])], into database: LMDBDatabase) throws {
        guard !entries.isEmpty else { return }
        let entries = entries.count < 2 ? entries : entries.sorted { StorageKeys.compare($0.key, $1.key) < 0 }
        try withCursor(database) { cursor in
            for entry in entries {
                try entry.key.withUnsafeBytes { key in try entry.value.withUnsafeBytes { try cursor.put(key, $0) } }
            }
        }
    }

    /// Removes `key`; `false` when it was not there.
    @discardableResult
    func delete(_ database: LMDBDatabase, _ key: UnsafeRawBufferPointer) throws(LMDBError) -> Bool {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        let code = mdb_del(pointer, database, &keyValue, nil)
        if code == MDB_NOTFOUND { return false }
        try LMDBError.check(code, "mdb_del")
        return true
    }

    /// Removes every entry of `database` (keeping the database itself).
    func empty(_ database: LMDBDatabase) throws(LMDBError) {
        try LMDBError.check(mdb_drop(pointer, database, 0), "mdb_drop")
    }

    /// Opens a cursor over `database` for the duration of `body`.
    func withCursor<T>(_ database: LMDBDatabase, _ body: (inout LMDBCursor) throws -> T) throws -> T {
        var cursorPointer: OpaquePointer?
        try LMDBError.check(mdb_cursor_open(pointer, database, &cursorPointer), "mdb_cursor_open")
        var cursor = LMDBCursor(pointer: cursorPointer!)
        defer { mdb_cursor_close(cursorPointer) }
        return try body(&cursor)
    }

    /// Number of entries in `database`.
    func count(_ database: LMDBDatabase) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try LMDBError.check(mdb_stat(pointer, database, &stat), "mdb_stat")
        return stat.ms_entries
    }
}

/// A position in a database, moved with LMDB's cursor operations.
struct LMDBCursor {
    let pointer: OpaquePointer

    /// Moves the cursor and returns the key and value there, or `nil` past either end.
    mutating func move(_ operation: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil)
        throws(LMDBError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)?
    {
        var keyValue = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var dataValue = MDB_val()
        let code = mdb_cursor_get(pointer, &keyValue, &dataValue, operation)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code, "mdb_cursor_get")
        return (UnsafeRawBufferPointer(start: keyValue.mv_data, count: keyValue.mv_size),
                UnsafeRawBufferPointer(start: dataValue.mv_data, count: dataValue.mv_size))
    }
}

extension LMDBCursor {
    /// The value stored under `key`, leaving the cursor there; `nil` when there is none.
    ///
    /// A cursor already on the leaf page where `key` belongs finds it with a comparison or two,
    /// without descending from the root as `mdb_get` does each time: lookups in key order are
    /// how a batch should look keys up.
    mutating func value(at key: UnsafeRawBufferPointer) throws(LMDBError) -> UnsafeRawBufferPointer? {
        try move(MDB_SET, key: key)?.value
    }

    /// Stores `value` under `key` through the cursor, which then sits on it: puts in key order
    /// find their page from where the last one left the cursor, as ``value(at:)`` does.
    func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer, flags: Int32 = 0) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var dataValue = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try LMDBError.check(mdb_cursor_put(pointer, &keyValue, &dataValue, UInt32(flags)), "mdb_cursor_put")
    }
}
