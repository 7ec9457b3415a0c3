import OKRWire

extension RPCError {
    /// The wire's form of a domain refusal (docs/PROTOCOL.md "Errors"): the one place where a
    /// kind of refusal becomes a JSON-RPC code and its `data`.
    init(_ error: DomainError) {
        switch error.kind {
        case .notFound(let kind, let id):
            self.init(code: RPCError.notFoundCode, message: error.message, data: .object(["kind": .string(kind), "id": .string(id)]))
        case .conflict(let id):
            self.init(code: RPCError.conflictCode, message: error.message, data: id.map { .object(["id": .string($0)]) })
        case .repeatedKey(let seq):
            self.init(code: RPCError.conflictCode, message: error.message, data: .object(["seq": seq.map { .int(Int64($0)) } ?? .null]))
        case .invalid(let field):
            self.init(code: RPCError.validationFailedCode, message: error.message, data: field.map { .object(["field": .string($0)]) })
        case .malformed(let field):
            self.init(code: RPCError.invalidParamsCode, message: error.message, data: field.map { .object(["field": .string($0)]) })
        case .storageFull:
            self.init(code: RPCError.storageFullCode, message: error.message)
        case .storage:
            self.init(code: RPCError.storageErrorCode, message: error.message)
        case .unavailable:
            self.init(code: RPCError.unavailableCode, message: error.message)
        case .failed(let metric):
            self.init(code: RPCError.internalErrorCode, message: error.message, data: metric.map { .object(["metric": .string($0)]) })
        }
    }
}
