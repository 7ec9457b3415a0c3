#if canImport(Glibc)
import Glibc
#endif

/// Telling a full disk from a broken one. LMDB reports a write the disk had no room for as
/// ENOSPC when nothing was written, but as EIO ("short write, filesystem full?") when part of it
/// was: so an EIO from a commit on a file system with almost no space left is "storage full",
/// which clients can wait out, not a storage error that calls for a restore.
enum DiskSpace {
    /// Below this much free space, an EIO from a commit is taken for a full disk.
    static let nearlyFullBytes: UInt64 = 8 << 20

    /// Bytes an unprivileged writer may still use on the file system holding `directory`.
    static func availableBytes(at directory: String) -> UInt64? {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// `error`, from a commit in `directory`, as "storage full" when the disk (not the map) ran
    /// out of room; `nil` otherwise.
    static func fullError(_ error: LMDBError, directory: String) -> EventLogError? {
        guard error.isDiskFull || error.code == EIO else { return nil }
        let available = availableBytes(at: directory)
        guard error.isDiskFull || available.map({ $0 < Self.nearlyFullBytes }) == true else { return nil }
        let room = available.map { ", \($0 / 1024) KiB free" } ?? ""
        return EventLogError(.storageFull, "storage full: the file system holding \(directory) has no room for the commit\(room) (\(error.description))")
    }
}
