/// Splits one CSV line into fields (RFC 4180 quoting: `"a,b"`, `""` for a quote).
/// Returns `nil` for an unterminated quote (a field spanning lines is not supported).
enum CSVRow {
    static func fields(_ line: String) -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var atFieldStart = true
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    // Either the closing quote or the first of a doubled quote.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        field.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
                continue
            case "\"" where atFieldStart:
                quoted = true
            default:
                field.append(character)
            }
            atFieldStart = false
        }
        guard !quoted else { return nil }
        fields.append(field)
        return fields
    }
}
