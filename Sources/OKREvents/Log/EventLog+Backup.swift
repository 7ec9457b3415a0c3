#if canImport(Glibc)
import Glibc
#endif

extension EventLog {
    /// Writes a hot, compacted copy of the log into `directory` (created if missing; it must not
    /// already hold a `data.mdb`), then opens the copy read-only and verifies it.
    ///
    /// Appends carry on during the copy, which reflects the log as of the copy's start.
    /// To restore: stop okrd and put the copy's `data.mdb` in the data directory.
    public func backup(to directory: String) throws(EventLogError) -> VerifyReport {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw EventLogError(.storage, "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        if access(directory + "/data.mdb", F_OK) == 0 {
            throw EventLogError(.invalidEvent, "\(directory) already holds a data.mdb; choose an empty directory")
        }
        do {
            try environment.copyCompacted(to: directory)
        } catch {
            throw EventLogError.wrapping(error)
        }
        var readOnly = EventLogOptions()
        readOnly.readOnly = true
        let copy = try EventLog(directory: directory, options: readOnly, logger: logger)
        defer { copy.close() }
        return try copy.verify()
    }
}
