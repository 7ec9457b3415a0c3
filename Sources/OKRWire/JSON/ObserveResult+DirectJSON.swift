// `observe` answers written directly: a batch of 20,000 rows answers with 20,000 seqs, and the
// container-based encoder cast each one to find how to write it (BENCHMARKS.md, figure 1).
// CompactJSONEncoderTests compares the bytes with Foundation's.

extension ObserveResult: DirectJSONWritable {
    func writeJSON(to json: inout JSONWriter) throws(NonFiniteNumber) {
        try json.object { json throws(NonFiniteNumber) in
            try json.field("appended", appended)
            try json.field("duplicates", duplicates)
            json.field("seqs", integers: seqs)
        }
    }
}
