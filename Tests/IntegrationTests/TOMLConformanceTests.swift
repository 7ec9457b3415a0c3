import Foundation
import Testing
@testable import OKRServer

/// TOML 1.0 as toml-lang/toml-test checks it (Tests/Conformance): every valid document decodes to
/// the value its JSON twin gives, and every invalid one is refused with a line and a column.
@Suite struct TOMLConformanceTests {
    struct Case: CustomTestStringConvertible {
        var path: String
        var testDescription: String { path }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Conformance/toml-test/tests").standardized

    /// Every TOML 1.0.0 document the suite lists.
    static let listed: [String] = {
        let list = (try? String(contentsOf: root.appendingPathComponent("files-toml-1.0.0"), encoding: .utf8)) ?? ""
        return list.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".toml") }
    }()
    static let valid = listed.filter { $0.hasPrefix("valid/") }.map(Case.init)
    static let invalid = listed.filter { $0.hasPrefix("invalid/") }.map(Case.init)

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    @Test func theWholeSuiteIsThere() {
        #expect(Self.valid.count == 210)
        #expect(Self.invalid.count == 499)
    }

    @Test(arguments: valid)
    func aValidDocumentDecodesToItsExpectedValue(_ test: Case) throws {
        let table: TOMLTable
        let bytes = try Self.bytes(test.path)
        do {
            table = try TOMLParser.parse(utf8: bytes)
        } catch {
            Issue.record("\(test.path) was refused: \(error)")
            return
        }
        let expectedPath = String(test.path.dropLast(".toml".count)) + ".json"
        let expected = try JSONSerialization.jsonObject(with: Data(try Self.bytes(expectedPath)), options: [.fragmentsAllowed])
        var mismatches: [String] = []
        Self.compare(.table(table), expected, at: "", into: &mismatches)
        #expect(mismatches.isEmpty, "\(test.path): \(mismatches.prefix(5).joined(separator: "; "))")
    }

    @Test(arguments: invalid)
    func anInvalidDocumentIsRefusedWithALineAndAColumn(_ test: Case) throws {
        let bytes = try Self.bytes(test.path)
        do throws(TOMLParser.ParseError) {
            _ = try TOMLParser.parse(utf8: bytes)
            Issue.record("\(test.path) was accepted")
        } catch {
            #expect(error.line >= 1 && error.column >= 1, "\(test.path): \(error)")
        }
    }

    @Test(arguments: ["1_e2", "1e_2", "1e2_", "1_.5", "1._5", "0x_1", "0b_1", "0o_7", "1__2", "_1", "1_", "+_1", "1.5_e3", "1e-_2"])
    func anUnderscoreNotBetweenTwoDigitsIsRefused(_ number: String) {
        #expect(throws: TOMLParser.ParseError.self, "\(number)") { try TOMLParser.parse("x = \(number)") }
    }

    @Test func underscoresBetweenDigitsStillRead() throws {
        let table = try TOMLParser.parse("a = 1_000\nb = 0xdead_BEEF\nc = 1_0.2_5e1_0\nd = 0b1_0\ne = 0o7_7")
        #expect(table["a"]?.integer == 1000)
        #expect(table["b"]?.integer == 0xDEAD_BEEF)
        #expect(table["c"]?.number == 10.25e10)
        #expect(table["d"]?.integer == 2)
        #expect(table["e"]?.integer == 63)
    }

    /// Compares a decoded value with toml-test's tagged JSON (`{"type": "integer", "value": "1"}`).
    static func compare(_ value: TOMLValue, _ expected: Any, at path: String, into mismatches: inout [String]) {
        func fail(_ why: String) { mismatches.append("\(path.isEmpty ? "(root)" : path): \(why)") }
        if let object = expected as? [String: Any], let type = object["type"] as? String, let text = object["value"] as? String, object.count == 2 {
            switch (type, value) {
            case ("string", .string(let string)):
                if string != text { fail("\(string.debugDescription) ≠ \(text.debugDescription)") }
            case ("integer", .integer(let integer)):
                if Int64(text) != integer { fail("\(integer) ≠ \(text)") }
            case ("float", .float(let float)):
                let wanted: Double? = switch text {
                case "inf", "+inf": .infinity
                case "-inf": -.infinity
                case "nan", "+nan", "-nan": .nan
                default: Double(text)
                }
                guard let wanted else { return fail("unreadable expected float \(text)") }
                if !(wanted == float || (wanted.isNaN && float.isNaN)) { fail("\(float) ≠ \(text)") }
            case ("bool", .boolean(let flag)):
                if "\(flag)" != text { fail("\(flag) ≠ \(text)") }
            case ("datetime", .dateTime(let moment)), ("datetime-local", .dateTime(let moment)),
                 ("date-local", .dateTime(let moment)), ("time-local", .dateTime(let moment)):
                let shape = (moment.hasDate, moment.hasTime, moment.offsetMinutes != nil)
                let wantedShape = switch type {
                case "datetime": (true, true, true)
                case "datetime-local": (true, true, false)
                case "date-local": (true, false, false)
                default: (false, true, false)
                }
                if shape != wantedShape { return fail("\(type) read as \(moment)") }
                // The expected text is canonical RFC 3339; read it as a TOML value too and compare fields.
                guard let wanted = (try? TOMLParser.parse("v = \(text)"))?["v"]?.dateTime else { return fail("unreadable \(text)") }
                if wanted != moment { fail("\(moment) ≠ \(text)") }
            default:
                fail("\(value.kind) where \(type) \(text) was expected")
            }
            return
        }
        if let object = expected as? [String: Any] {
            guard case .table(let table) = value else { return fail("\(value.kind) where a table was expected") }
            if Set(table.keys) != Set(object.keys) { fail("keys \(table.keys.sorted()) ≠ \(object.keys.sorted())") }
            for key in object.keys.sorted() {
                guard let child = table[key] else { continue }
                compare(child, object[key]!, at: path.isEmpty ? key : path + "." + key, into: &mismatches)
            }
            return
        }
        if let array = expected as? [Any] {
            guard case .array(let elements) = value else { return fail("\(value.kind) where an array was expected") }
            guard elements.count == array.count else { return fail("\(elements.count) elements, not \(array.count)") }
            for (index, element) in elements.enumerated() { compare(element, array[index], at: "\(path)[\(index)]", into: &mismatches) }
            return
        }
        fail("unexpected expectation \(expected)")
    }
}
