import Foundation
import OKREvents

/// The records of a Viva Goals whole-organisation export (SPEC §11) that the import reads, each
/// with the file it came from so that an error can name it.
public struct VivaExport {
    /// The JSON files of an export, by the prefix of their names.
    public enum FileKind: String, CaseIterable, Sendable {
        case timePeriods = "TimePeriods_"
        case teams = "Teams_"
        case users = "Users_"
        case objectives = "objectives_"
        case checkIns = "checkins_"
        case comments = "comments_"
        case tags = "Tags_"
    }

    var timePeriods: [VivaRecord] = []
    var teams: [VivaRecord] = []
    var users: [VivaRecord] = []
    var goals: [VivaRecord] = []
    var checkIns: [VivaRecord] = []
    var comments: [VivaRecord] = []
    var tags: [VivaRecord] = []

    /// Reads the export's files from `files` (name → contents). An export needs its
    /// `objectives_*.json`; the others may be absent (an organisation without comments).
    public init(files: [(name: String, contents: Data)]) throws(VivaImportError) {
        var seen = Set<FileKind>()
        for (name, contents) in files.sorted(by: { $0.name < $1.name }) {
            let base = (name as NSString).lastPathComponent
            guard base.hasSuffix(".json"), let kind = FileKind.allCases.first(where: { base.hasPrefix($0.rawValue) }) else { continue }
            seen.insert(kind)
            let records = try Self.records(in: contents, file: base)
            switch kind {
            case .timePeriods: timePeriods += records
            case .teams: teams += records
            case .users: users += records
            case .objectives: goals += records
            case .checkIns: checkIns += records
            case .comments: comments += records
            case .tags: tags += records
            }
        }
        guard seen.contains(.objectives) else {
            throw VivaImportError(file: files.isEmpty ? "the export" : "the export's \(files.count) files",
                                  problem: "no objectives_*.json: not a Viva Goals export")
        }
    }

    /// The export in `directory` (an unpacked ZIP).
    public init(directory: String) throws(VivaImportError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw VivaImportError(file: directory, problem: "cannot read the directory: \(error.localizedDescription)")
        }
        var files: [(name: String, contents: Data)] = []
        for name in names where name.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw VivaImportError(file: name, problem: "cannot be read")
            }
            files.append((name, contents))
        }
        try self.init(files: files)
    }

    private static func records(in contents: Data, file: String) throws(VivaImportError) -> [VivaRecord] {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: contents)
        } catch {
            throw VivaImportError(file: file, problem: "not JSON")
        }
        guard let array = json as? [Any] else { throw VivaImportError(file: file, problem: "not a list of records") }
        var records: [VivaRecord] = []
        for element in array {
            guard let object = element as? [String: Any] else { throw VivaImportError(file: file, problem: "a record is not an object") }
            records.append(try VivaRecord(file: file, fields: object))
        }
        return records
    }
}
