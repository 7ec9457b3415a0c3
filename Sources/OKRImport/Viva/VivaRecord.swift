import Foundation
import OKREvents

/// One JSON object of an export file, read field by field: a missing or mistyped field throws a
/// ``VivaImportError`` naming the file, the record's ID and the field.
struct VivaRecord {
    let file: String
    let fields: [String: Any]
    /// The record's `ID`, as text; `nil` for nested objects without one.
    let id: String?

    init(file: String, fields: [String: Any], requireID: Bool = true) throws(VivaImportError) {
        self.file = file
        self.fields = fields
        if let number = fields["ID"] as? NSNumber, number.objCType.pointee != CChar(UInt8(ascii: "c")) {
            id = number.stringValue
        } else if let text = fields["ID"] as? String, !text.isEmpty {
            // An ID becomes part of okr ids and keys (`viva-1003`, `viva:goal:1003`): Viva's are
            // numbers; text is taken only in the id charset.
            guard text.utf8.count <= 40, text.utf8.allSatisfy({ Self.idBytes.contains($0) }) else {
                throw VivaImportError(file: file, field: "ID", problem: "'\(text.prefix(40))' is not an ID: Viva's are numbers")
            }
            id = text
        } else if requireID {
            throw VivaImportError(file: file, field: "ID", problem: "a record without an ID")
        } else {
            id = nil
        }
    }

    /// The bytes an ID given as text may hold.
    static let idBytes = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".utf8)

    func error(_ field: String, _ problem: String) -> VivaImportError {
        VivaImportError(file: file, recordID: id, field: field, problem: problem)
    }

    private func value(_ key: String) -> Any? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        return value
    }

    func optionalString(_ key: String) throws(VivaImportError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value as? String else { throw error(key, "not text") }
        return text
    }

    /// A name Viva spells one way but exports have been seen to vary (`Big rock`, `Big Rock`,
    /// `On track`): trimmed, lower case, runs of spaces as one. `nil` when absent or empty.
    func word(_ key: String) throws(VivaImportError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        let word = Self.word(text)
        return word.isEmpty ? nil : word
    }

    /// `text` as ``word(_:)`` reads a field: lower case, runs of whitespace as one space, trimmed.
    static func word(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Text that some exports write as a number (a weight of `40` beside `"40.0%"`).
    func optionalText(_ key: String) throws(VivaImportError) -> String? {
        if let number = value(key) as? NSNumber, number.objCType.pointee != CChar(UInt8(ascii: "c")) { return number.stringValue }
        return try optionalString(key)
    }

    func string(_ key: String) throws(VivaImportError) -> String {
        guard let text = try optionalString(key), !text.isEmpty else { throw error(key, "missing") }
        return text
    }

    func optionalNumber(_ key: String) throws(VivaImportError) -> Double? {
        guard let value = value(key) else { return nil }
        // Foundation's reader gives `1` and `true` both as NSNumber, and `1 is Bool` holds: only
        // the type code tells a JSON boolean (`c`) from a number.
        if let number = value as? NSNumber, number.objCType.pointee != CChar(UInt8(ascii: "c")) {
            let double = number.doubleValue
            guard double.isFinite else { throw error(key, "not a finite number") }
            return double
        }
        if let text = value as? String, let double = Double(text.trimmingCharacters(in: .whitespaces)), double.isFinite {
            return double
        }
        throw error(key, "not a number: \(String(describing: value).prefix(40))")
    }

    func number(_ key: String) throws(VivaImportError) -> Double {
        guard let number = try optionalNumber(key) else { throw error(key, "missing") }
        return number
    }

    func optionalObject(_ key: String) throws(VivaImportError) -> VivaRecord? {
        guard let value = value(key) else { return nil }
        guard let object = value as? [String: Any] else { throw error(key, "not an object") }
        return try VivaRecord(file: file, fields: object, requireID: false).within(self)
    }

    func object(_ key: String) throws(VivaImportError) -> VivaRecord {
        guard let object = try optionalObject(key) else { throw error(key, "missing") }
        return object
    }

    /// The objects of an array field; absent or `null` reads as none, a single object as a list
    /// of one (`Owner` is a list in Viva's exports, an object in some).
    func objects(_ key: String) throws(VivaImportError) -> [VivaRecord] {
        guard let value = value(key) else { return [] }
        if let object = value as? [String: Any] { return [try VivaRecord(file: file, fields: object, requireID: false).within(self)] }
        guard let array = value as? [Any] else { throw error(key, "not a list") }
        var records: [VivaRecord] = []
        for element in array {
            guard let object = element as? [String: Any] else { throw error(key, "an element is not an object") }
            records.append(try VivaRecord(file: file, fields: object, requireID: false).within(self))
        }
        return records
    }

    /// The IDs of an array of numbers (`Parent IDs`).
    func ids(_ key: String) throws(VivaImportError) -> [String] {
        guard let value = value(key) else { return [] }
        guard let array = value as? [Any] else { throw error(key, "not a list") }
        var ids: [String] = []
        for element in array {
            if let number = element as? NSNumber { ids.append(number.stringValue) }
            else if let text = element as? String { ids.append(text) }
            else { throw error(key, "an element is not an ID") }
        }
        return ids
    }

    /// A date (`2025-01-01`) or a time (`2025-01-10 00:00:00`, `2025-01-10T00:00:00Z`), taken as UTC.
    func optionalInstant(_ key: String) throws(VivaImportError) -> Instant? {
        guard let text = try optionalString(key), !text.isEmpty else { return nil }
        guard let instant = Self.instant(text) else { throw error(key, "not a date or time: \(text.prefix(40))") }
        return instant
    }

    func instant(_ key: String) throws(VivaImportError) -> Instant {
        guard let instant = try optionalInstant(key) else { throw error(key, "missing") }
        return instant
    }

    func day(_ key: String) throws(VivaImportError) -> CalendarDay {
        let text = try string(key)
        guard let day = CalendarDay(String(text.prefix(10))) else { throw error(key, "not a date: \(text.prefix(40))") }
        return day
    }

    static func instant(_ text: String) -> Instant? {
        // Viva's usual form, `2025-01-10 00:00:00`, read as `2025-01-10T00:00:00Z` without
        // building strings: a large export has one per check-in.
        var bytes = Array(text.utf8)
        if bytes.count == 19, bytes[10] == UInt8(ascii: " ") {
            bytes[10] = UInt8(ascii: "T")
            bytes.append(UInt8(ascii: "Z"))
            return bytes.withUnsafeBytes { Instant(rfc3339: $0) }
        }
        if let instant = Instant(rfc3339: text) { return instant }
        // Viva writes local-looking times without a zone: "2025-01-10 00:00:00", in UTC.
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 19, let instant = Instant(rfc3339: String(trimmed.prefix(10)) + "T" + String(trimmed.dropFirst(11).prefix(8)) + "Z") {
            return instant
        }
        return nil
    }

    /// This nested record as part of `parent`: its errors name the parent's ID.
    func within(_ parent: VivaRecord) -> VivaRecord {
        VivaRecord(file: file, fields: fields, id: id ?? parent.id)
    }

    private init(file: String, fields: [String: Any], id: String?) {
        self.file = file
        self.fields = fields
        self.id = id
    }
}
