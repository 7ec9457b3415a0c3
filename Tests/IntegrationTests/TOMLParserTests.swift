import Foundation
import Testing
@testable import OKRServer

/// okrd's TOML reader (configuration and `apply` documents): TOML 1.0 as written by people,
/// and errors that say where a document goes wrong.
@Suite struct TOMLParserTests {
    @Test func everyKindOfValueIsReadAsTOMLDefinesIt() throws {
        let table = try TOMLParser.parse(#"""
        # a comment
        title = "OKRs \"as\" code\t\u00e9\U0001F600"   # trailing comment
        literal = 'C:\path\no-escapes'
        multi = """
        one \
            two
        three"""
        raw = '''
        first line
        'quoted' '''
        integers = [ 42, +7, -0, 1_000, 0xDEAD_beef, 0o755, 0b1010 ]
        floats = [3.5, -0.25e-3, 6E2, inf, -inf, nan]
        flags = [true, false]
        day = 2026-01-02
        moment = 2026-01-02T09:30:00.5+02:00
        local = 2026-01-02 09:30:00
        clock = 07:45:00
        point = { x = 1, y.z = "deep" }
        "quoted key" = 1
        site."google.com".hits = 3
        nested = [ [1, 2], ["a", { b = true }], ]

        [table.sub]
        key = "v"

        [[objective]]
        id = "a"
          [[objective.kr]]
          id = "a1"
          [[objective.kr]]
          id = "a2"

        [[objective]]
        id = "b"
        """#)
        #expect(table["title"]?.string == "OKRs \"as\" code\té😀")
        #expect(table["literal"]?.string == #"C:\path\no-escapes"#)
        #expect(table["multi"]?.string == "one two\nthree")
        #expect(table["raw"]?.string == "first line\n'quoted' ")
        #expect(table["integers"]?.array?.compactMap(\.integer) == [42, 7, 0, 1000, 0xDEADBEEF, 0o755, 0b1010])
        let floats = table["floats"]?.array?.compactMap(\.number) ?? []
        #expect(floats.prefix(5) == [3.5, -0.25e-3, 600, .infinity, -.infinity])
        #expect(floats.last?.isNaN == true)
        #expect(table["flags"]?.array?.compactMap(\.boolean) == [true, false])
        #expect(table["day"]?.dateTime == TOMLDateTime(year: 2026, month: 1, day: 2, hasDate: true))
        #expect(table["moment"]?.dateTime == TOMLDateTime(year: 2026, month: 1, day: 2, hour: 9, minute: 30, nanosecond: 500_000_000,
                                                          hasDate: true, hasTime: true, offsetMinutes: 120))
        #expect(table["local"]?.dateTime?.offsetMinutes == nil && table["local"]?.dateTime?.hour == 9)
        #expect(table["clock"]?.dateTime == TOMLDateTime(hour: 7, minute: 45, hasTime: true))
        #expect(table["point"]?.table?["y"]?.table?["z"]?.string == "deep")
        #expect(table["quoted key"]?.integer == 1)
        #expect(table["site"]?.table?["google.com"]?.table?["hits"]?.integer == 3)
        #expect(table["nested"]?.array?[1].array?[1].table?["b"]?.boolean == true)
        #expect(table["table"]?.table?["sub"]?.table?["key"]?.string == "v")
        let objectives = table["objective"]?.array?.compactMap(\.table) ?? []
        #expect(objectives.map { $0["id"]?.string } == ["a", "b"])
        #expect(objectives.first?["kr"]?.array?.compactMap { $0.table?["id"]?.string } == ["a1", "a2"])
        #expect(table.keys.prefix(3) == ["title", "literal", "multi"], "document order is kept")
    }

    @Test func windowsLineEndsAreRead() throws {
        let table = try TOMLParser.parse("[a]\r\nb = 1\r\nc = \"\"\"\r\nx\r\ny\"\"\"\r\n")
        #expect(table["a"]?.table?["b"]?.integer == 1)
        #expect(table["a"]?.table?["c"]?.string == "x\ny")
    }

    @Test(arguments: [
        ("a = 1\na = 2", "line 2, column 6: the key 'a' is defined twice"),
        ("[t]\n[t]", "line 2, column 4: table [t] is defined twice"),
        ("a = \"open", "line 1, column 10: unterminated string"),
        ("a = 012", "line 1, column 8: '012' is not a TOML value"),
        ("a = 1__0", "'1__0' is not a TOML value"),
        ("a = 2026-02-30", "'2026-02-30' is not a TOML value"),
        ("a = \"x\ny\"", "line 1, column 7: a newline inside a one-line string"),
        ("a = 1 b = 2", "line 1, column 7: expected the end of the line, found 'b'"),
        ("a = 1\n[[a]]", "line 2, column 6: [[a]] names a key that is already an integer, not an array of tables"),
        ("p = { x = 1 }\n[p]", "table [p] is defined twice"),
        ("p = { x = 1 }\np.y = 2", "the key 'p.y' extends 'p', which is already defined"),
        ("[a]\nb.c = 1\n[a.b]", "table [a.b] is defined twice"),
        ("a = [1, 2", "unterminated array: expected ']'"),
        ("a = \"\\q\"", "unknown escape \\'q'"),
        ("a = \"\u{01}\"", "control character byte 0x1 in a string"),
        ("a = 0x", "'0x' is not a TOML value"),
        ("= 1", "line 1, column 1: expected a key, found '='"),
        ("[storage", "line 1, column 9: expected ']' to close the table header"),
        ("a = 07:99:00", "'07:99:00' is not a TOML value"),
    ])
    func aDocumentThatIsNotTOMLIsRefusedSayingWhereAndWhy(text: String, message: String) {
        #expect {
            _ = try TOMLParser.parse(text)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func nestingIsBoundedSoAHostileDocumentCannotExhaustTheStack() {
        let deep = "a = " + String(repeating: "[", count: 100_000)
        #expect {
            _ = try TOMLParser.parse(deep)
        } throws: { error in
            "\(error)".contains("nested more than 64 deep")
        }
        let tables = (0..<20_000).map { "[[o]]\nid = \"\($0)\"\n" }.joined()
        #expect((try? TOMLParser.parse(tables))?["o"]?.array?.count == 20_000, "a long array of tables is appended to in place")
    }
}
