import CLMDB

/// Projection snapshots, kept in the log's `snapshots` database beside the events they cover,
/// so that a backup (one environment) carries both.
///
/// The log does not interpret them: the projection writes the seq it covers and its own version
/// inside. A snapshot is written in a transaction of its own, from the caller's thread (LMDB
/// queues it behind the writer's transaction), and is committed with the log's durability.
struct SnapshotStore: Sendable {
    let environment: LMDBEnvironment
    let database: LMDBDatabase
    let readOnly: Bool

    /// Runs `body` over the snapshot stored as `name` (`nil` when there is none) where it lies in
    /// the map, without copying it out: a start-up decodes megabytes from it.
    func withSnapshot<T>(named name: String, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        do {
            return try environment.read { transaction in
                try Array(name.utf8).withUnsafeBytes { key in try body(try transaction.get(database, key)) }
            }
        } catch let error as LMDBError {
            throw EventLogError.wrapping(error)
        }
    }

    /// Stores `bytes` as the snapshot `name`, replacing the one before.
    func storeSnapshot(_ bytes: [UInt8], named name: String) throws(EventLogError) {
        guard !readOnly else { throw EventLogError(.closed, "the event log is open read-only") }
        do {
            try environment.write { transaction in
                try Array(name.utf8).withUnsafeBytes { key in
                    try bytes.withUnsafeBytes { try transaction.put(database, key, $0) }
                }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }

    /// Removes the snapshot `name`; `false` when there was none.
    @discardableResult
    func deleteSnapshot(named name: String) throws(EventLogError) -> Bool {
        guard !readOnly else { throw EventLogError(.closed, "the event log is open read-only") }
        do {
            return try environment.write { transaction in
                try Array(name.utf8).withUnsafeBytes { try transaction.delete(database, $0) }
            }
        } catch {
            throw EventLogError.wrapping(error)
        }
    }
}
