import OKREvents

/// Why a command or a question was refused, in the domain's terms: what was wrong and with
/// which field or id. Handlers throw it; the wire's error codes are chosen once, at the edge
/// (``RPCError/init(_:)``), so no feature speaks JSON-RPC.
struct DomainError: Error, Sendable, CustomStringConvertible {
    /// What kind of refusal it is: what a client may do about it.
    enum Kind: Sendable, Equatable {
        /// The id named does not exist.
        case notFound(kind: String, id: String)
        /// The id exists already (`id` when there is one to name).
        case conflict(id: String?)
        /// An idempotency key was used before with other content (`seq`: the first use).
        case repeatedKey(seq: UInt64?)
        /// The command is well-formed but breaks a rule, in `field` when one is to blame.
        case invalid(field: String?)
        /// The params do not have the shape the method needs.
        case malformed(field: String?)
        /// The store is full.
        case storageFull
        /// The store failed.
        case storage
        /// okrd is shutting down.
        case unavailable
        /// okrd could not answer (a read failed); `metric` when a metric's observations did.
        case failed(metric: String?)
    }

    var kind: Kind
    var message: String

    var description: String { message }

    static func validation(_ message: String, field: String) -> DomainError {
        DomainError(kind: .invalid(field: field), message: message)
    }

    static func notFound(_ kind: String, _ id: String) -> DomainError {
        DomainError(kind: .notFound(kind: kind, id: id), message: "\(kind) '\(id)' not found")
    }

    static func conflict(_ message: String, id: String? = nil) -> DomainError {
        DomainError(kind: .conflict(id: id), message: message)
    }

    static func invalidParams(_ detail: String, field: String? = nil) -> DomainError {
        DomainError(kind: .malformed(field: field), message: "invalid params: \(detail)")
    }

    /// The same refusal in other words (`observation 3: …`), its kind and field kept.
    func reworded(_ transform: (String) -> String) -> DomainError {
        DomainError(kind: kind, message: transform(message))
    }

    /// What the log's refusal means for the command: nothing was appended.
    init(_ error: EventLogError) {
        switch error.kind {
        case .idempotencyConflict: self.init(kind: .repeatedKey(seq: error.seq), message: error.message)
        case .storageFull: self.init(kind: .storageFull, message: "\(error.message); nothing was appended")
        case .invalidEvent: self.init(kind: .invalid(field: nil), message: error.message)
        case .closed: self.init(kind: .unavailable, message: "okrd is shutting down; nothing was appended")
        case .storage, .corrupt, .locked, .unsupportedFormat:
            self.init(kind: .storage, message: "\(error.message); nothing was appended")
        }
    }

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}
