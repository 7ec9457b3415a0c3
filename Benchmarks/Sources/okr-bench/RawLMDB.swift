import CLMDB
import Foundation

/// The physical limit: raw LMDB over the C API, ~120-byte values under big-endian u64 keys with
/// MDB_APPEND, at okrd's durability (a sync commit), in a fresh environment.
struct RawLMDB {
    let directory: String
    private var environment: OpaquePointer?
    private var database: MDB_dbi = 0
    private var nextKey: UInt64 = 1

    init() {
        directory = temporaryDirectory("raw")
        mdb_env_create(&environment)
        mdb_env_set_mapsize(environment, 8 << 30)
        mdb_env_set_maxdbs(environment, 2)
        precondition(mdb_env_open(environment, directory, UInt32(MDB_NOTLS), 0o600) == 0, "cannot open raw LMDB")
        var transaction: OpaquePointer?
        mdb_txn_begin(environment, nil, 0, &transaction)
        mdb_dbi_open(transaction, "events", UInt32(MDB_CREATE), &database)
        mdb_txn_commit(transaction)
    }

    /// Appends `count` values, `perTransaction` to a commit; returns appends per second.
    mutating func append(count: Int, perTransaction: Int) -> Double {
        var value = [UInt8](repeating: 0x5A, count: 120)
        var done = 0
        let seconds = measure {
            while done < count {
                var transaction: OpaquePointer?
                mdb_txn_begin(environment, nil, 0, &transaction)
                for _ in 0..<min(perTransaction, count - done) {
                    var key = nextKey.bigEndian
                    nextKey += 1
                    withUnsafeMutableBytes(of: &key) { keyBytes in
                        value.withUnsafeMutableBytes { valueBytes in
                            var k = MDB_val(mv_size: 8, mv_data: keyBytes.baseAddress)
                            var v = MDB_val(mv_size: 120, mv_data: valueBytes.baseAddress)
                            _ = mdb_put(transaction, database, &k, &v, UInt32(MDB_APPEND))
                        }
                    }
                    done += 1
                }
                mdb_txn_commit(transaction)
            }
        }
        return Double(count) / seconds
    }

    /// Appends one per transaction for `seconds`; returns appends per second.
    mutating func appendSingly(forSeconds limit: Double) -> Double {
        var count = 0
        let started = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while elapsed < limit {
            _ = append(count: 1, perTransaction: 1)
            count += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
        return Double(count) / elapsed
    }

    /// Scans every value with a cursor; returns values per second.
    func scan() -> Double {
        var count = 0
        var checksum = 0
        let seconds = measure {
            var transaction: OpaquePointer?
            mdb_txn_begin(environment, nil, UInt32(MDB_RDONLY), &transaction)
            var cursor: OpaquePointer?
            mdb_cursor_open(transaction, database, &cursor)
            var key = MDB_val()
            var value = MDB_val()
            var operation = MDB_FIRST
            while mdb_cursor_get(cursor, &key, &value, operation) == 0 {
                checksum &+= Int(value.mv_data.load(fromByteOffset: 0, as: UInt8.self))
                count += 1
                operation = MDB_NEXT
            }
            mdb_cursor_close(cursor)
            mdb_txn_abort(transaction)
        }
        precondition(checksum != 0 || count == 0)
        return Double(count) / seconds
    }

    func close() {
        mdb_env_close(environment)
        try? FileManager.default.removeItem(atPath: directory)
    }
}
