#if canImport(Glibc)
import Glibc
#endif

/// Getting the socket path ready: a stale socket from a crashed run is removed, a live one
/// (another okrd) or anything that is not a socket (a file, a planted symlink) is refused.
enum SocketFile {
    struct Refusal: Error, CustomStringConvertible {
        var description: String
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
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8.prefix(raw.count - 1))
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
