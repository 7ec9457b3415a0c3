import Foundation
import OKRWire
import Testing

/// The fuzzer starts from one real request per method (Fuzz/corpus): a method added without one
/// would be fuzzed only by luck.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/corpus").standardized

    @Test func everyMethodHasARequestInTheFuzzCorpus() throws {
        var methods: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: Self.corpus.appendingPathComponent(file))
            // deep-nesting.json is meant to be refused: it names no method.
            guard let json = try? JSONSerialization.jsonObject(with: data) else { continue }
            for request in (json as? [[String: Any]]) ?? [(json as? [String: Any]) ?? [:]] {
                if let method = request["method"] as? String { methods.insert(method) }
            }
        }
        let missing = Methods.all.map(\.name).filter { !methods.contains($0) }
        #expect(missing.isEmpty, "no corpus request for \(missing)")
    }
}
