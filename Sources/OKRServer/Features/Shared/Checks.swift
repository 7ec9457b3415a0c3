import OKREvents
import OKRProjections
import OKRWire

/// Field checks shared by the commands: each failure names the field and what was wrong.
enum Checks {
    static let maxTitleLength = 256
    static let maxTextLength = 4096

    static func id(_ value: String, field: String = "id") throws(DomainError) {
        guard Identifiers.isValidID(value) else {
            throw .validation("\(field) '\(value.prefix(80))' is not a valid id: use 1 to 64 of a-z A-Z 0-9 . _ -", field: field)
        }
    }

    static func metric(_ value: String, field: String = "metric") throws(DomainError) {
        guard Identifiers.isValidMetric(value) else {
            throw .validation("metric key '\(value.prefix(80))' is not valid: use 1 to 128 of a-z 0-9 _ . : -", field: field)
        }
    }

    static func team(_ value: String) throws(DomainError) {
        guard Identifiers.isValidTeam(value) else {
            throw .validation("team '\(value.prefix(80))' is not valid: use 1 to 64 of a-z 0-9 _ -", field: "team")
        }
    }

    static func personID(_ value: String, field: String = "id") throws(DomainError) {
        guard Identifiers.isValidPersonID(value) else {
            throw .validation("\(field) '\(value.prefix(80))' is not a person id: use a Unix user name, a-z or _ then up to 31 of a-z 0-9 . _ -",
                              field: field)
        }
    }

    static func email(_ value: String) throws(DomainError) {
        guard Identifiers.isValidEmail(value) else {
            throw .validation("email '\(value.prefix(80))' is not an address: use name@example.org", field: "email")
        }
    }

    /// An owner that must be a recorded person: 1004 for a malformed id, 1000 for an unknown one.
    static func owner(_ value: String, in model: borrowing OKRModel, field: String = "owner") throws(DomainError) {
        try personID(value, field: field)
        guard model.people[value] != nil else { throw .notFound("person", value) }
    }

    /// A required piece of text: not blank, not too long, and only characters its shape takes
    /// (SPEC §8). Answers the text as it is stored: a multi-line field's CR LF become LF.
    @discardableResult
    static func text(_ value: String, field: String, max: Int = maxTextLength, shape: SafeText.Shape = .line) throws(DomainError) -> String {
        let text = shape == .lines ? SafeText.normalizingLineEnds(value) : value
        guard !text.allSatisfy(\.isWhitespace) else { throw .validation("\(field) must not be empty", field: field) }
        guard text.utf8.count <= max else {
            throw .validation("\(field) is \(text.utf8.count) bytes; the limit is \(max)", field: field)
        }
        if let refused = SafeText.firstRefused(in: text, shape: shape) {
            let allowed = shape == .lines ? "control characters other than line feed and tab" : "control characters, line breaks"
            throw .validation("\(field) contains \(SafeText.codePoint(refused)): \(field) may not hold \(allowed), "
                              + "line or paragraph separators, or bidirectional overrides", field: field)
        }
        return text
    }

    /// An optional piece of text, checked as ``text(_:field:max:shape:)`` when given.
    @discardableResult
    static func optionalText(_ value: String?, field: String, max: Int = maxTextLength, shape: SafeText.Shape = .line) throws(DomainError) -> String? {
        guard let value else { return nil }
        return try text(value, field: field, max: max, shape: shape)
    }

    /// A key result's weight: above 0, at most 1000.
    static func weight(_ value: Double, field: String = "weight") throws(DomainError) {
        guard value.isFinite, value > 0, value <= 1000 else {
            throw .validation("weight must be a number above 0 and at most 1000, not \(value)", field: field)
        }
    }

    /// A check-in's confidence, when given: 0 to 10.
    static func confidence(_ value: Int?, field: String = "confidence") throws(DomainError) {
        guard let value, !(0...10).contains(value) else { return }
        throw .validation("confidence must be an integer from 0 to 10, not \(value)", field: field)
    }

    static func finite(_ value: Double, field: String) throws(DomainError) {
        guard value.isFinite else { throw .validation("\(field) must be a finite number, not \(value)", field: field) }
    }

    /// An effective time: not before 1970, not in the future (beyond five minutes of clock skew).
    static func effectiveTime(_ value: Instant?, now: Instant, field: String = "at") throws(DomainError) {
        guard let value else { return }
        guard value.microsecondsSinceEpoch >= 0 else {
            throw .validation("\(field) \(value) is before 1970", field: field)
        }
        guard value <= now.adding(seconds: 300) else {
            throw .validation("\(field) \(value) is in the future (now is \(now))", field: field)
        }
    }
}
