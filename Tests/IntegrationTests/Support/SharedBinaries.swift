import Foundation

/// Copies of the built binaries where any user can run them. Tests that run okrctl as other
/// users (`runuser`) cannot reach `.build/` inside a checkout only its owner may enter (a home
/// directory, `mktemp -d`): they run these copies, which live in a world-readable directory under
/// `/tmp` and are removed when the test process exits.
enum SharedBinaries {
    private static let directory: String = {
        var template = Array("/tmp/okr-shared-binaries-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { fatalError("mkdtemp failed under /tmp") }
        let path = String(cString: created)
        chmod(path, 0o755)
        atexit {
            try? FileManager.default.removeItem(atPath: SharedBinaries.path)
        }
        return path
    }()
    private static var path: String { directory }

    /// okrctl, runnable by every user.
    static let okrctl: String = copy(DaemonProcess.okrctl)

    private static func copy(_ binary: String) -> String {
        let destination = directory + "/" + URL(fileURLWithPath: binary).lastPathComponent
        do {
            try FileManager.default.copyItem(atPath: binary, toPath: destination)
        } catch {
            fatalError("cannot copy \(binary) to \(destination): \(error)")
        }
        chmod(destination, 0o755)
        return destination
    }
}
