import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// A failed LMDB call: the operation and LMDB's (or the system's) error code.
struct LMDBError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The LMDB return code (`MDB_*`) or an errno.
    let code: Int32
    /// What okr was doing, e.g. `mdb_txn_commit`.
    let operation: String

    var description: String {
        self == .closed ? "the log is closed" : "\(operation): \(String(cString: mdb_strerror(code)))"
    }

    /// The environment was closed before the call.
    static let closed = LMDBError(code: EBADF, operation: "closed")

    var isMapFull: Bool { code == MDB_MAP_FULL }
    var isMapResized: Bool { code == MDB_MAP_RESIZED }
    /// The disk (not the map) is full, or the file hit a size limit.
    var isDiskFull: Bool { code == ENOSPC || code == EDQUOT || code == EFBIG }

    /// Throws when `code` is not `MDB_SUCCESS`.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
        if code != MDB_SUCCESS { throw LMDBError(code: code, operation: operation()) }
    }
}
