import OKRProjections

/// A JSON-RPC error object: a code, a human message, and machine-readable `data`.
///
/// Codes (documented in docs/PROTOCOL.md): the standard -32700, -32600, -32601, -32602, -32603,
/// and okr's own from 1000 up.
public struct RPCError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { message }

    // Standard JSON-RPC 2.0 errors.
    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603

    // okr's application errors.
    /// The id named does not exist (`data.kind`, `data.id`).
    public static let notFoundCode = 1000
    /// The id exists already, or an idempotency key was reused with other content.
    public static let conflictCode = 1001
    /// The peer's role may not call this method (`data.required`, `data.role`).
    public static let permissionDeniedCode = 1002
    /// The store is full: nothing was appended.
    public static let storageFullCode = 1003
    /// The command is well-formed but breaks a rule (`data.field`).
    public static let validationFailedCode = 1004
    /// The store failed: nothing was appended.
    public static let storageErrorCode = 1005
    /// The request line was longer than the limit; the connection is closed.
    public static let requestTooLargeCode = 1006
    /// The daemon is shutting down or has too many connections.
    public static let unavailableCode = 1007

    /// -32700: the line is not JSON.
    public static func parseError(_ detail: String) -> RPCError {
        RPCError(code: parseErrorCode, message: "parse error: \(detail)")
    }

    /// -32600: JSON, but not a JSON-RPC request.
    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: invalidRequestCode, message: "invalid request: \(detail)")
    }

    /// -32601: no method of that name.
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "method not found: '\(method)'", data: .object(["method": .string(method)]))
    }

    /// -32602: the params do not have the method's shape.
    public static func invalidParams(_ detail: String, field: String? = nil) -> RPCError {
        RPCError(code: invalidParamsCode, message: "invalid params: \(detail)",
                 data: field.map { .object(["field": .string($0)]) })
    }

    /// 1000: the `kind` with `id` does not exist.
    public static func notFound(_ kind: String, _ id: String) -> RPCError {
        RPCError(code: notFoundCode, message: "\(kind) '\(id)' not found",
                 data: .object(["kind": .string(kind), "id": .string(id)]))
    }

    /// 1001: the id is taken, or a key was used with other content.
    public static func conflict(_ message: String, id: String? = nil) -> RPCError {
        RPCError(code: conflictCode, message: message, data: id.map { .object(["id": .string($0)]) })
    }

    /// The refusal as okrctl prints it (SPEC §6, §8): one line, its control characters written
    /// as visible escapes, ending with the error's code in parentheses.
    public var line: String { "\(SafeText.visible(message)) (\(code))" }

    /// 1004: well-formed, but against a rule, in `field`.
    public static func validation(_ message: String, field: String) -> RPCError {
        RPCError(code: validationFailedCode, message: message, data: .object(["field": .string(field)]))
    }
}
