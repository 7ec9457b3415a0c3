/// Why an export cannot be imported: the file, the record's ID and the field at fault.
public struct VivaImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var recordID: String?
    public var field: String?
    public var problem: String

    public init(file: String, recordID: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.recordID = recordID
        self.field = field
        self.problem = problem
    }

    public var description: String {
        var text = file
        if let recordID { text += ", record \(recordID)" }
        if let field { text += ", field \"\(field)\"" }
        return text + ": " + problem
    }
}
