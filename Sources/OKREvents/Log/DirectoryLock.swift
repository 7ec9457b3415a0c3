import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on a file in the data directory: one writer per log, across processes.
///
/// The seq counter lives in the writer's memory, so a second writing process on the same data
/// would break gap-free seqs; this lock refuses it at open. The kernel drops it if the process dies.
final class DirectoryLock: Sendable {
    private let descriptor: Int32
    private let released = Mutex(false)

    init(path: String) throws(EventLogError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EventLogError(.storage, "cannot open lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            close(descriptor)
            if reason == EWOULDBLOCK {
                throw EventLogError(.locked, "another process (a running okrd?) holds \(path)")
            }
            throw EventLogError(.storage, "cannot lock \(path): \(String(cString: strerror(reason)))")
        }
        self.descriptor = descriptor
    }

    /// Drops the lock (and closes its file). Idempotent.
    ///
    /// Unlocked before it is closed: a process spawned at that moment (posix_spawn) holds a
    /// copy of the descriptor until it execs, and closing ours alone would leave the lock held
    /// by that copy, so that reopening the log in this process failed with "another process
    /// holds …" (seen in `ContentIdentityTests` while other tests spawned processes).
    /// `LOCK_UN` releases the open file description, whichever copies of it exist.
    func release() {
        let wasReleased = released.withLock { value in
            defer { value = true }
            return value
        }
        if !wasReleased {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }

    deinit { release() }
}
