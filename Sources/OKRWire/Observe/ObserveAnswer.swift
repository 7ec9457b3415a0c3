/// What okrctl's CSV import needs from an `observe` answer — the counts, not the thousands of
/// seqs — read without Foundation's decoder.
public struct ObserveAnswer: Hashable, Sendable {
    public var appended: Int
    public var duplicates: Int

    /// The counts of a successful answer to request `id`; `nil` for an error or anything odd
    /// (then ``WireClient/decodeResponse(_:as:)`` says what it is).
    public static func scan(_ line: [UInt8], id: Int64) -> ObserveAnswer? {
        line.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            var answer: ObserveAnswer?
            var answeredID: Int64?
            let valid = scanner.members { scanner, key in
                if key.elementsEqual("id".utf8) {
                    answeredID = scanner.int64()
                    return answeredID != nil
                }
                guard key.elementsEqual("result".utf8) else { return scanner.skipValue(depth: 1) }
                var appended: Int64?
                var duplicates: Int64?
                let read = scanner.members { scanner, key in
                    if key.elementsEqual("appended".utf8) {
                        appended = scanner.int64()
                        return appended != nil
                    }
                    if key.elementsEqual("duplicates".utf8) {
                        duplicates = scanner.int64()
                        return duplicates != nil
                    }
                    return scanner.skipValue(depth: 2)
                }
                guard read, let appended, let duplicates else { return false }
                answer = ObserveAnswer(appended: Int(appended), duplicates: Int(duplicates))
                return true
            }
            guard valid, scanner.atEnd(), answeredID == id else { return nil }
            return answer
        }
    }
}
