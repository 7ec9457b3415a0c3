import Foundation
import Testing

/// Every rejected input of SPEC §2 through okrctl: the exit status, a message naming what was
/// wrong, and nothing appended.
@Suite(.serialized) struct RejectionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["checkin", "KR-9", "--confidence", "5"], status: 3, message: "key result 'KR-9' not found"),
        Case(arguments: ["checkin", "KR-1", "--confidence", "11"], status: 3, message: "from 0 to 10, not 11"),
        Case(arguments: ["checkin", "KR-1", "--confidence=-1"], status: 3, message: "from 0 to 10, not -1"),
        Case(arguments: ["retro", "KR-1", "--rating", "3", "--outcome", "missed"], status: 3, message: "'KR-1' is a key result; a retrospective is on an objective"),
        Case(arguments: ["retro", "O-1", "--rating", "0", "--outcome", "missed"], status: 3, message: "rating must be a whole number from 1 to 5, not 0"),
        Case(arguments: ["retro", "O-1", "--rating", "3", "--outcome", "meh"], status: 3, message: "outcome must be one of accomplished, missed, postponed, dropped, not 'meh'"),
        Case(arguments: ["review", "start", "R-1", "--cycle", "Q9", "--kind", "mid"], status: 3, message: "cycle 'Q9' not found"),
        Case(arguments: ["initiative", "add", "Ghost work", "--kr", "KR-9"], status: 3, message: "key result 'KR-9' not found"),
        Case(arguments: ["initiative", "add", "Work", "--kr", "KR-1", "--link", "ftp://example.org/x"], status: 3, message: "link must be an http or https URL"),
        Case(arguments: ["initiative", "done", "IN-9"], status: 3, message: "initiative 'IN-9' not found"),
        Case(arguments: ["person", "set", "sam", "--reviewer", "sam"], status: 3, message: "sam cannot be their own reviewer"),
        Case(arguments: ["person", "set", "sam", "--reviewer", "nobody"], status: 3, message: "person 'nobody' not found"),
        Case(arguments: ["checkin", "KR-1", "--confidence", "5", "--at", "1960-01-01"], status: 3, message: "before 1970"),
        Case(arguments: ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"], status: 3, message: "cycle '2026-Q1' already exists"),
        Case(arguments: ["cycle", "add", "bad id!", "--start", "2026-01-01", "--end", "2026-03-31"], status: 3, message: "not a valid id"),
        Case(arguments: ["cycle", "add", "Q9", "--start", "2026-03-01", "--end", "2026-02-01"], status: 3, message: "is before start"),
        Case(arguments: ["cycle", "add", "Q9", "--start", "2026-02-30", "--end", "2026-03-01"], status: 1, message: "--start"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-1", "--metric", "m", "--baseline", "5", "--target", "5"], status: 3, message: "target equals baseline"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-1", "--metric", "m", "--target", "5", "--id", "KR-1"], status: 3, message: "key result 'KR-1' already exists"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-1", "--metric", "m", "--target", "5", "--id", "O-1"], status: 3, message: "objective 'O-1' already exists"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-1", "--metric", "Bad Metric", "--target", "5"], status: 3, message: "metric key 'Bad Metric' is not valid"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-9", "--metric", "m", "--target", "5"], status: 3, message: "objective 'O-9' not found"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-1", "--metric", "m", "--target", "5", "--weight", "0"], status: 3, message: "weight must be"),
        Case(arguments: ["kr", "add", "x", "--objective", "O-1", "--metric", "m"], status: 1, message: "--target is required"),
        Case(arguments: ["kr", "add", "", "--objective", "O-1", "--metric", "m", "--target", "5"], status: 3, message: "title must not be empty"),
        Case(arguments: ["kr", "add", String(repeating: "t", count: 300), "--objective", "O-1", "--metric", "m", "--target", "5"], status: 3, message: "the limit is 256"),
        Case(arguments: ["kr", "retarget", "KR-1", "--target", "60", "--reason", "easier"], status: 3, message: "target equals baseline"),
        Case(arguments: ["kr", "retarget", "KR-1", "--target", "90", "--reason", "late", "--at", "2026-05-01"], status: 3, message: "after the end of cycle '2026-Q1'"),
        Case(arguments: ["kr", "retarget", "KR-9", "--target", "90", "--reason", "x"], status: 3, message: "key result 'KR-9' not found"),
        Case(arguments: ["kr", "drop", "KR-1", "--reason", " "], status: 3, message: "reason must not be empty"),
        Case(arguments: ["kr", "show", "KR-9"], status: 3, message: "key result 'KR-9' not found"),
        Case(arguments: ["observe", "m", "nan"], status: 1, message: "'nan' is invalid"),
        Case(arguments: ["observe", "m", "inf"], status: 1, message: "'inf' is invalid"),
        Case(arguments: ["observe", "m", "1e400"], status: 1, message: "'1e400' is invalid"),
        Case(arguments: ["observe", "m", "1", "--at", "2999-01-01"], status: 3, message: "is in the future"),
        Case(arguments: ["observe", "BAD", "1"], status: 3, message: "metric key 'BAD' is not valid"),
        Case(arguments: ["observe", "m"], status: 1, message: "give KEY VALUE"),
        Case(arguments: ["objective", "add", "t", "--cycle", "2026-Q9", "--team", "growth"], status: 3, message: "cycle '2026-Q9' not found"),
        Case(arguments: ["objective", "add", "t", "--cycle", "2026-Q1", "--team", "Growth Team"], status: 3, message: "team 'Growth Team' is not valid"),
        Case(arguments: ["objective", "add", "t", "--cycle", "2026-Q1", "--team", "growth", "--parent", "O-7"], status: 3, message: "parent objective 'O-7' not found"),
        Case(arguments: ["objective", "add", "t", "--cycle", "2026-Q1", "--team", "growth", "--strategy", "none"], status: 3, message: "strategy choice 'none' not found"),
        Case(arguments: ["objective", "drop", "KR-1", "--reason", "x"], status: 3, message: "is a key result, not an objective"),
        Case(arguments: ["strategy", "add", "s2", "--northstar", "nowhere", "A choice"], status: 3, message: "north star 'nowhere' not found"),
        Case(arguments: ["insight", "add", "t", "--on", "KR-9", "--expires", "2026-06-01"], status: 3, message: "key result or objective 'KR-9' not found"),
        Case(arguments: ["insight", "renew", "I-9", "--expires", "2030-01-01"], status: 3, message: "insight 'I-9' not found"),
        Case(arguments: ["status", "--cycle", "2026-Q9"], status: 3, message: "cycle '2026-Q9' not found"),
        Case(arguments: ["status", "--as-of", "yesterday"], status: 1, message: "'yesterday' is invalid"),
        Case(arguments: ["frobnicate"], status: 1, message: "Unexpected argument 'frobnicate'"),
    ]

    @Test(arguments: cases)
    func aRejectedCommandSaysWhatWasWrongAndAppendsNothing(_ rejection: Case) throws {
        let daemon = try Self.shared.get()
        let before = try daemon.lastSeq
        let result = try daemon.okrctl(arguments: rejection.arguments)
        #expect(result.status == rejection.status, "\(result)")
        #expect(result.stderr.contains(rejection.message), "\(result)")
        #expect(result.stdout.isEmpty, "nothing on stdout: \(result)")
        #expect(try daemon.lastSeq == before, "nothing appended")
        if rejection.status == 3 {
            // SPEC §6: a refusal is one line ending with the daemon's error code in parentheses.
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .newlines).wholeMatch(of: /okrctl: .* \(\d{4}\)/) != nil, "\(result.stderr)")
        }
    }

    /// SPEC §8 "Error messages": rejected input with a line feed, a tab or an escape is quoted
    /// with them escaped as tables show them, so a refusal stays one line and a usage error's
    /// first line is the whole error.
    @Test func aRefusalQuotingControlCharactersStaysOneLine() throws {
        let daemon = try Self.shared.get()
        let refused = try daemon.okrctl("person", "set", "x", "--email", "a@b.com\nBcc: x@y")
        #expect(refused.status == 3)
        #expect(refused.stderr == "okrctl: email 'a@b.com\\nBcc: x@y' is not an address: use name@example.org (1004)\n", "\(refused.stderr)")
        let escape = try daemon.okrctl("kr", "show", "K\u{1B}[31m\tX")
        #expect(escape.stderr.split(separator: "\n").count == 1 && escape.stderr.contains("\\u{1B}[31m\\t"), "\(escape.stderr)")
        let usage = try daemon.okrctl("observe", "m", "1\n2")
        #expect(usage.status == 1)
        let first = usage.stderr.split(separator: "\n").first ?? ""
        #expect(first.contains("'1\\n2' is invalid"), "the first line is the whole error: \(usage.stderr)")
    }

    /// One daemon with a cycle, a north star, an objective and a key result, shared by the cases.
    static let shared = SharedDaemon([
        ["cycle", "add", "2026-Q1", "--start", "2026-01-01", "--end", "2026-03-31"],
        ["northstar", "add", "ns", "--name", "North", "--metric", "north"],
        ["objective", "add", "Delight new customers", "--cycle", "2026-Q1", "--team", "growth"],
        ["kr", "add", "Onboarding to 85%", "--objective", "O-1", "--metric", "onboarding", "--baseline", "60", "--target", "85"],
    ])
}
