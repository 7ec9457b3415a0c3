import Foundation
import Synchronization

/// The credentials of okrd's hooks (SPEC §13), in a file of their own in the state directory
/// (`hook-secrets.json`, mode 0600), never in data.mdb: a Standard Webhooks secret, a Matrix
/// token, and the whole URL of every hook (a Slack or Teams URL is itself a credential).
///
/// Written before the `HookAdded` that needs it (a crash between leaves an entry no hook uses,
/// replaced by the next `hook add` of that name) and atomically: a temporary file, fsync, rename.
final class HookSecrets: Sendable {
    /// What one hook needs to send that the log does not hold.
    struct Credential: Codable, Hashable, Sendable {
        var url: String
        var secret: String?
        var token: String?
    }

    static let fileName = "hook-secrets.json"

    let path: String
    private let entries: Mutex<[String: Credential]>

    /// Reads the file in `directory`; none yet is no credential yet.
    init(directory: String) throws {
        path = directory + "/" + Self.fileName
        if let data = FileManager.default.contents(atPath: path) {
            entries = Mutex(try JSONDecoder().decode([String: Credential].self, from: data))
        } else {
            entries = Mutex([:])
        }
    }

    func credential(of hook: String) -> Credential? { entries.withLock { $0[hook] } }

    /// Sets (or with `nil`, removes) a hook's credential and writes the file before answering.
    func set(_ credential: Credential?, for hook: String) throws {
        let snapshot = entries.withLock { entries in
            entries[hook] = credential
            return entries
        }
        try Self.write(snapshot, to: path)
    }

    private static func write(_ entries: [String: Credential], to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(Array(try encoder.encode(entries)), to: path, mode: 0o600)
    }
}

/// Writes a whole file so that a reader (or a crash) sees the old or the new one, never half.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw POSIXFailure(call: "open \(temporary)") }
        defer { close(fd) }
        // The mode of a file that existed is kept by open: set it.
        fchmod(fd, mode)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw POSIXFailure(call: "write \(temporary)") }
            written += count
        }
        guard fsync(fd) == 0 else { throw POSIXFailure(call: "fsync \(temporary)") }
        guard rename(temporary, path) == 0 else { throw POSIXFailure(call: "rename \(temporary)") }
        let directory = (path as NSString).deletingLastPathComponent
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    struct POSIXFailure: Error, CustomStringConvertible {
        let call: String
        let code = errno
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }
}
