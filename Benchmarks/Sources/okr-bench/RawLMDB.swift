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
        mdb_env_set_maxdbs(environment, 8)
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

    /// What okrd's store does with observations, in LMDB alone: 120-byte records appended under
    /// the next seq, `perTransaction` rows to a commit, and their `metric-time` keys (metric,
    /// 0x00, biased effective µs, seq; big-endian) held and put in key order once `indexEvery`
    /// rows have gathered, as okrd's lagging index writes them (docs/STORAGE.md). Rows come in
    /// the order given. Returns rows per second: figure 1c's baseline, the same keys in the same
    /// order as its CSV, against the same keys in time order.
    func indexedAppend(_ rows: [(metric: Int, at: Int64)], perTransaction: Int, indexEvery: Int) -> Double {
        var index: MDB_dbi = 0
        var events: MDB_dbi = 0
        var setup: OpaquePointer?
        mdb_txn_begin(environment, nil, 0, &setup)
        let name = "index-\(rows.count)-\(rows.first?.at ?? 0)-\(rows.last?.at ?? 0)"
        mdb_dbi_open(setup, name, UInt32(MDB_CREATE), &index)
        mdb_dbi_open(setup, name + "-events", UInt32(MDB_CREATE), &events)
        mdb_txn_commit(setup)
        var value = [UInt8](repeating: 0x5A, count: 120)
        var entry = [UInt8](repeating: 0x33, count: 16)
        let names = (0..<((rows.map(\.metric).max() ?? 0) + 1)).map { Array("metric.\($0)".utf8) + [0] }
        var held: [[UInt8]] = []
        var seq: UInt64 = 0
        let seconds = measure {
            var done = 0
            while done < rows.count {
                var transaction: OpaquePointer?
                mdb_txn_begin(environment, nil, 0, &transaction)
                for row in rows[done..<min(done + perTransaction, rows.count)] {
                    seq += 1
                    var seqKey = seq.bigEndian
                    var key = names[row.metric]
                    withUnsafeBytes(of: (UInt64(bitPattern: row.at) ^ (1 << 63)).bigEndian) { key += $0 }
                    withUnsafeBytes(of: seq.bigEndian) { key += $0 }
                    held.append(key)
                    withUnsafeMutableBytes(of: &seqKey) { seqBytes in
                        value.withUnsafeMutableBytes { valueBytes in
                            var k = MDB_val(mv_size: 8, mv_data: seqBytes.baseAddress)
                            var v = MDB_val(mv_size: 120, mv_data: valueBytes.baseAddress)
                            _ = mdb_put(transaction, events, &k, &v, UInt32(MDB_APPEND))
                        }
                    }
                }
                done = min(done + perTransaction, rows.count)
                if held.count >= indexEvery || done == rows.count {
                    held.sort { $0.lexicographicallyPrecedes($1) }
                    for var key in held {
                        key.withUnsafeMutableBytes { keyBytes in
                            entry.withUnsafeMutableBytes { entryBytes in
                                var k = MDB_val(mv_size: keyBytes.count, mv_data: keyBytes.baseAddress)
                                var v = MDB_val(mv_size: 16, mv_data: entryBytes.baseAddress)
                                _ = mdb_put(transaction, index, &k, &v, 0)
                            }
                        }
                    }
                    held.removeAll(keepingCapacity: true)
                }
                mdb_txn_commit(transaction)
            }
        }
        return Double(rows.count) / seconds
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
