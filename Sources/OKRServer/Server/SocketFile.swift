import OKRWire
#if canImport(Glibc)
import Glibc
#endif

/// Getting the socket path ready: a stale socket from a crashed run is removed, a live one
/// (another okrd) or anything that is not a socket (a file, a planted symlink) is refused.
public enum SocketFile {
    /// Why okrd will not take the socket path (another okrd listens there, or it is not a socket).
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    static func prepare(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let type = info.st_mode & S_IFMT
        guard type == S_IFSOCK else {
            let what = type == S_IFLNK ? "a symbolic link" : "not a socket"
            throw Refusal(description: "\(path) exists and is \(what); refusing to replace it")
        }
        if isLive(path) { throw Refusal(description: "another okrd is listening on \(path)") }
        guard unlink(path) == 0 else {
            throw Refusal(description: "cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func setPermissions(_ path: String, mode: UInt32, group: String) throws {
        if !group.isEmpty {
            guard let gid = UserDatabase.gid(of: group) else { throw Refusal(description: "socket group '\(group)' does not exist") }
            guard lchown(path, UInt32.max, gid) == 0 else {
                throw Refusal(description: "cannot give \(path) to group \(group): \(String(cString: strerror(errno)))")
            }
        }
        // Never follows a symbolic link: one planted at the path after `bind` fails here (EOPNOTSUPP)
        // instead of changing the mode of whatever it points at.
        guard fchmodat(AT_FDCWD, path, mode_t(mode), AT_SYMLINK_NOFOLLOW) == 0 else {
            throw Refusal(description: "cannot set mode \(String(mode, radix: 8)) on \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func isLive(_ path: String) -> Bool {
        guard case .success(let descriptor) = UnixSocket.connect(to: path) else { return false }
        close(descriptor)
        return true
    }
}
