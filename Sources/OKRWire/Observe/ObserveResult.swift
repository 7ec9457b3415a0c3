import OKREvents

// `observe`'s answer in its canonical form, and the writer okrd answers with: a batch of 20,000
// rows answers with 20,000 seqs, which the container-based encoder would cast one by one to find
// how to write them (BENCHMARKS.md, figure 1). okrctl's CSV import reads only its counts
// (ObserveAnswer.swift). ObserveWireFormsTests checks every form against Foundation's.

/// `observe`.
public struct ObserveResult: Codable, Hashable, Sendable {
    /// Observations appended now.
    public var appended: Int
    /// Observations whose idempotency key was seen before: not appended again.
    public var duplicates: Int
    /// The seq of each observation, in request order (the original's for a duplicate).
    public var seqs: [UInt64]
    public init(appended: Int, duplicates: Int, seqs: [UInt64]) {
        self.appended = appended; self.duplicates = duplicates; self.seqs = seqs
    }
}

extension ObserveResult: JSONMembers {
    public func members<Writer: JSONMemberWriter>(into writer: inout Writer) throws(Writer.Failure) {
        try writer.member("appended", appended)
        try writer.member("duplicates", duplicates)
        try writer.member("seqs", seqs)
    }
}
