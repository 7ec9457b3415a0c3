import Foundation

/// A fresh directory under the system's temporary directory, removed when the test is done with it.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates `$TMPDIR/LABEL-XXXXXX`.
    public init(_ label: String = "okr") {
        let template = NSTemporaryDirectory() + "\(label)-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else { fatalError("mkdtemp failed for \(template)") }
        path = String(cString: created)
    }

    /// A path inside the directory.
    public func appending(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
