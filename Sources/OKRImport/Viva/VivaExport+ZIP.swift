import Foundation
import ZIPFoundation

extension VivaExport {
    /// What a ZIP may hold before it is refused: an export is JSON, tens of megabytes at most, so
    /// anything far larger is a mistake or a bomb.
    public struct ZIPLimits: Sendable {
        /// The largest a single entry may decompress to (512 MiB).
        public var entryBytes: UInt64 = 512 << 20
        /// The largest all entries together may decompress to (2 GiB).
        public var totalBytes: UInt64 = 2 << 30
        public init(entryBytes: UInt64 = 512 << 20, totalBytes: UInt64 = 2 << 30) {
            self.entryBytes = entryBytes
            self.totalBytes = totalBytes
        }
    }

    /// The export in the ZIP at `path`, as Viva Goals wrote it. Every entry is checked before any
    /// is read: a path that leaves the archive (`../`, absolute, a backslash), a link, or a
    /// declared size past `limits` refuses the whole archive; an entry that decompresses past
    /// what it declared is refused while it is read.
    public init(zip path: String, limits: ZIPLimits = ZIPLimits()) throws(VivaImportError) {
        let name = (path as NSString).lastPathComponent
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw VivaImportError(file: name, problem: "not a ZIP archive (or not readable)")
        }
        var declared: UInt64 = 0
        var wanted: [Entry] = []
        for entry in archive {
            let entryPath = entry.path
            let parts = entryPath.split(separator: "/", omittingEmptySubsequences: false)
            guard !entryPath.hasPrefix("/"), !entryPath.contains("\\"), !parts.contains(".."), !entryPath.contains("\0") else {
                throw VivaImportError(file: name, recordID: nil, field: nil,
                                      problem: "entry \(entryPath.prefix(120)) has a path outside the archive: refused before reading anything")
            }
            guard entry.type != .symlink else {
                throw VivaImportError(file: name, problem: "entry \(entryPath.prefix(120)) is a link: refused before reading anything")
            }
            guard entry.uncompressedSize <= limits.entryBytes else {
                throw VivaImportError(file: name, problem: "entry \(entryPath.prefix(120)) decompresses to \(entry.uncompressedSize) bytes, "
                                      + "past the limit of \(limits.entryBytes): refused before reading anything")
            }
            declared += entry.uncompressedSize
            guard declared <= limits.totalBytes else {
                throw VivaImportError(file: name, problem: "the archive decompresses to more than \(limits.totalBytes) bytes: refused before reading anything")
            }
            if entry.type == .file, entryPath.hasSuffix(".json") { wanted.append(entry) }
        }
        var files: [(name: String, contents: Data)] = []
        for entry in wanted {
            var contents = Data()
            let limit = min(entry.uncompressedSize, limits.entryBytes)
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    guard UInt64(contents.count + chunk.count) <= limit else { throw ZIPEntryTooLarge() }
                    contents.append(chunk)
                }
            } catch is ZIPEntryTooLarge {
                throw VivaImportError(file: name, problem: "entry \(entry.path.prefix(120)) decompresses past the size it declares")
            } catch {
                throw VivaImportError(file: name, problem: "entry \(entry.path.prefix(120)) cannot be read: \(error)")
            }
            files.append(((entry.path as NSString).lastPathComponent, contents))
        }
        try self.init(files: files)
    }
}

/// Thrown from inside an extraction to stop an entry that outgrows its declared size.
private struct ZIPEntryTooLarge: Error {}

extension VivaExport {
    /// The export at `path`: a ZIP, or the directory it unpacks to.
    public init(path: String) throws(VivaImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw VivaImportError(file: path, problem: "no such file or directory")
        }
        if isDirectory.boolValue {
            try self.init(directory: path)
        } else {
            try self.init(zip: path)
        }
    }
}
