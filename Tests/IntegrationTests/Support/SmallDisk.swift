import Foundation

/// A small tmpfs mounted over a directory: a disk that fills up, and grows back when told.
/// Needs root (CI runs as root); ``isAvailable`` says whether this run may mount one.
final class SmallDisk {
    let path: String

    static let isAvailable: Bool = {
        guard getuid() == 0 else { return false }
        let probe = NSTemporaryDirectory() + "okr-mount-probe-\(getpid())"
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? DaemonProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]))?.status == 0 else { return false }
        _ = try? DaemonProcess.run("/bin/umount", [probe])
        return true
    }()

    /// Mounts a tmpfs of `size` (as mount(8) spells it: `3m`) over `path`, creating it.
    init(at path: String, size: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mounted = try DaemonProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0700", "tmpfs", path])
        guard mounted.status == 0 else { throw DaemonError(message: "mount: \(mounted.stderr)") }
    }

    /// Gives the disk more room (space returns).
    func resize(to size: String) throws {
        let remounted = try DaemonProcess.run("/bin/mount", ["-o", "remount,size=\(size)", path])
        guard remounted.status == 0 else { throw DaemonError(message: "remount: \(remounted.stderr)") }
    }

    deinit { _ = try? DaemonProcess.run("/bin/umount", ["-l", path]) }
}
