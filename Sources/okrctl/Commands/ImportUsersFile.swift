import OKRPages
import Foundation
import OKRProjections

/// `import viva --users FILE`: which okr person id each Viva email becomes, as `email,id` lines
/// (a header line `email,id` may come first; blank lines and lines starting with `#` are
/// skipped). A bad line stops the import before anything is sent: `FILE:LINE: reason`.
enum ImportUsersFile {
    /// Email (lower case) → person id.
    static func read(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("cannot read the users file \(Format.line(path))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.rejected("\(Format.line(path)): not UTF-8 text")
        }
        var users: [String: String] = [:]
        var fields = CSVFields()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            func refuse(_ reason: String) -> CLIError { .rejected("\(Format.line(path)):\(index + 1): \(reason)") }
            var line = Array(rawLine.utf8)
            if index == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.last == 0x0D { line.removeLast() }
            let trimmed = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard line.withUnsafeBytes({ fields.split($0) }) else { throw refuse("unterminated quote") }
            guard fields.count == 2 else { throw refuse("\(fields.count) fields; a line is email,id") }
            let email = fields.text(0)
            let id = fields.text(1)
            if index == 0 || users.isEmpty, email.lowercased() == "email", id.lowercased() == "id" { continue }
            guard Identifiers.isValidEmail(email) else { throw refuse("'\(Format.line(String(email.prefix(80))))' is not an email address") }
            guard Identifiers.isValidPersonID(id) else {
                throw refuse("'\(Format.line(String(id.prefix(80))))' is not a person id: a-z or _ then up to 31 of a-z 0-9 . _ -")
            }
            if let earlier = users[email.lowercased()], earlier != id {
                throw refuse("\(Format.line(email)) is mapped twice, to '\(earlier)' and to '\(id)'")
            }
            users[email.lowercased()] = id
        }
        return users
    }
}
