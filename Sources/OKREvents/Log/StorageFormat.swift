import CLMDB

/// The version of the log's on-disk layout, kept under `format` in `meta`: checked at every
/// open, recorded in a new log, and brought up to date (``EventLog``'s upgrade) when older.
enum StorageFormat {
    /// The log's storage format: refuses a newer one, and an older one that cannot be upgraded
    /// here (read-only); records the current one in a new log.
    static func check(_ transaction: LMDBTransaction, _ meta: LMDBDatabase, writable: Bool) throws -> UInt32 {
        let stored = try transaction.get(meta, StorageKeys.formatKey)
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
        try recordCurrent(transaction, meta)
        try MetricIndex.recordIndexedThrough(0, in: transaction, meta)
        var created = ByteWriter()
        created.write(Instant.now())
        try transaction.put(meta, StorageKeys.createdKey, created.bytes)
        return StorageKeys.storageFormat
    }

    /// Records the current format.
    static func recordCurrent(_ transaction: LMDBTransaction, _ meta: LMDBDatabase) throws {
        var value = ByteWriter()
        value.write(StorageKeys.storageFormat)
        try transaction.put(meta, StorageKeys.formatKey, value.bytes)
    }
}
