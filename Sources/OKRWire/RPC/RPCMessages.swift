import FoundationEssentials

/// A request id: a number, a string, or null (JSON-RPC 2.0 §4).
public enum RPCID: Hashable, Sendable, Codable {
    case number(Int64)
    case string(String)
    case null

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let number = try? single.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .number(let number): try single.encode(number)
        case .string(let string): try single.encode(string)
        case .null: try single.encodeNil()
        }
    }
}

/// A JSON-RPC request (or, without an id, a notification) after its envelope was checked.
public struct RPCRequest: Hashable, Sendable {
    public var method: String
    public var params: JSONValue?
    /// `nil` for a notification: no response is sent.
    public var id: RPCID?
    /// The request's own line, when it came alone: params are then decoded straight from it,
    /// once, instead of through a ``JSONValue`` tree (BENCHMARKS.md, "What the profile taught").
    var line: Data?
    var hasParams = false

    public init(method: String, params: JSONValue? = nil, id: RPCID?) {
        self.method = method
        self.params = params
        self.id = id
        self.hasParams = params != nil
    }

    /// Decodes `params` as `P`; an absent `params` reads as `{}`.
    public func decodeParams<P: Decodable>(_ type: P.Type) throws(RPCError) -> P {
        do {
            if let line {
                if hasParams { return try JSONDecoder().decode(ParamsOf<P>.self, from: line).params }
                return try JSONDecoder().decode(P.self, from: Data("{}".utf8))
            }
            let data = try JSONEncoder().encode(params ?? .object([:]))
            return try JSONDecoder().decode(P.self, from: data)
        } catch let error as DecodingError {
            // From the request line, paths start at the envelope's `params`: name fields within params.
            let error = line != nil ? error.droppingFirstPathComponent : error
            throw RPCError.invalidParams(error.okrDescription, field: error.okrFieldPath)
        } catch {
            throw RPCError.invalidParams("\(error)")
        }
    }
}

/// One line received from a client, classified per JSON-RPC 2.0.
public enum RPCIncoming: Sendable {
    /// A single request, or the error response its envelope earned.
    case single(Result<RPCRequest, RPCErrorResponse>)
    /// A batch: one entry per element.
    case batch([Result<RPCRequest, RPCErrorResponse>])

    /// Parses one line.
    public static func parse(_ line: some Collection<UInt8>) -> RPCIncoming {
        // A single request (the common case) is read through a typed envelope, without building
        // a JSON tree; batches and anything odd take the general path below.
        if line.first(where: { $0 != 32 && $0 != 9 }) == UInt8(ascii: "{") {
            let data = Data(line)
            if let envelope = try? JSONDecoder().decode(Envelope.self, from: data), let request = envelope.request(line: data) {
                return .single(request)
            }
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(line))
        } catch {
            return .single(.failure(RPCErrorResponse(id: .null, error: .parseError(parseDetail(error)))))
        }
        if case .array(let elements) = value {
            guard !elements.isEmpty else {
                return .single(.failure(RPCErrorResponse(id: .null, error: .invalidRequest("empty batch"))))
            }
            return .batch(elements.map(classify))
        }
        return .single(classify(value))
    }

    private static func parseDetail(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
            return underlying.isEmpty ? "not valid JSON" : "not valid JSON (\(underlying))"
        }
        return "not valid JSON"
    }

    private static func classify(_ value: JSONValue) -> Result<RPCRequest, RPCErrorResponse> {
        guard case .object(let fields) = value else {
            return .failure(RPCErrorResponse(id: .null, error: .invalidRequest("a request must be a JSON object")))
        }
        var id: RPCID?
        switch fields["id"] {
        case nil: id = nil
        case .null?: id = .null
        case .int(let number)?: id = .number(number)
        case .string(let string)?: id = .string(string)
        default:
            return .failure(RPCErrorResponse(id: .null, error: .invalidRequest("'id' must be a string, an integer or null")))
        }
        let answerId = id ?? .null
        guard fields["jsonrpc"] == .string("2.0") else {
            return .failure(RPCErrorResponse(id: answerId, error: .invalidRequest("'jsonrpc' must be \"2.0\"")))
        }
        guard case .string(let method)? = fields["method"] else {
            return .failure(RPCErrorResponse(id: answerId, error: .invalidRequest("'method' must be a string")))
        }
        switch fields["params"] {
        case nil, .object?, .array?: break
        default:
            return .failure(RPCErrorResponse(id: answerId, error: .invalidRequest("'params' must be an object or an array")))
        }
        return .success(RPCRequest(method: method, params: fields["params"], id: id))
    }
}

/// The `params` member of a request, decoded as `P`.
struct ParamsOf<P: Decodable>: Decodable {
    var params: P
}

/// A single request's envelope read without its params. Every check of `classify` is made here;
/// anything unusual (`nil` from ``request(line:)``) falls back to the general path, which then
/// produces the exact error.
struct Envelope: Decodable {
    enum Kind { case object, array, other }
    var jsonrpc: String?
    var method: String?
    var id: RPCID??
    var idValid = true
    var params: Kind?

    enum CodingKeys: String, CodingKey { case jsonrpc, method, id, params }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jsonrpc = try? container.decode(String.self, forKey: .jsonrpc)
        method = try? container.decode(String.self, forKey: .method)
        if container.contains(.id) {
            if try container.decodeNil(forKey: .id) {
                id = .some(.null)
            } else if let number = try? container.decode(Int64.self, forKey: .id) {
                id = .some(.number(number))
            } else if let string = try? container.decode(String.self, forKey: .id) {
                id = .some(.string(string))
            } else {
                idValid = false
            }
        }
        if container.contains(.params) {
            if (try? container.nestedContainer(keyedBy: CodingKeys.self, forKey: .params)) != nil {
                params = .object
            } else if (try? container.nestedUnkeyedContainer(forKey: .params)) != nil {
                params = .array
            } else {
                params = .other
            }
        }
    }

    /// The request, or `nil` when the general path must judge the envelope.
    func request(line: Data) -> Result<RPCRequest, RPCErrorResponse>? {
        guard idValid, jsonrpc == "2.0", let method, params != .other else { return nil }
        var request = RPCRequest(method: method, id: id ?? nil)
        request.line = line
        request.hasParams = params != nil
        return .success(request)
    }
}

/// A failed response: the id it answers (null when unknown) and the error.
public struct RPCErrorResponse: Error, Hashable, Sendable, Codable {
    public var jsonrpc = "2.0"
    public var id: RPCID
    public var error: RPCError

    public init(id: RPCID, error: RPCError) {
        self.id = id
        self.error = error
    }
}

/// A successful response carrying `result`.
public struct RPCSuccess<Result: Encodable & Sendable>: Encodable, Sendable {
    public var jsonrpc = "2.0"
    public var result: Result
    public var id: RPCID

    public init(result: Result, id: RPCID) {
        self.result = result
        self.id = id
    }
}

/// A notification the daemon sends on a streaming subscription (`log.follow`).
public struct RPCNotification<Params: Codable & Sendable>: Codable, Sendable {
    public var jsonrpc = "2.0"
    public var method: String
    public var params: Params

    public init(method: String, params: Params) {
        self.method = method
        self.params = params
    }
}

extension DecodingError {
    /// The same error with its coding path starting one level down.
    var droppingFirstPathComponent: DecodingError {
        func trim(_ context: Context) -> Context {
            Context(codingPath: Array(context.codingPath.dropFirst()), debugDescription: context.debugDescription,
                    underlyingError: context.underlyingError)
        }
        switch self {
        case .keyNotFound(let key, let context): return .keyNotFound(key, trim(context))
        case .typeMismatch(let type, let context): return .typeMismatch(type, trim(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, trim(context))
        case .dataCorrupted(let context): return .dataCorrupted(trim(context))
        @unknown default: return self
        }
    }

    /// A one-line explanation naming the field, for people.
    public var okrDescription: String {
        switch self {
        case .keyNotFound(let key, let context):
            return "missing field '\(Self.path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context):
            return "field '\(Self.path(context.codingPath))' must be \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(Self.path(context.codingPath))' must be \(Self.describe(type)), not null"
        case .dataCorrupted(let context):
            let path = Self.path(context.codingPath)
            return path.isEmpty ? context.debugDescription : "field '\(path)': \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }

    /// The dotted path of the field at fault, if any.
    public var okrFieldPath: String? {
        switch self {
        case .keyNotFound(let key, let context): return Self.path(context.codingPath + [key])
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = Self.path(context.codingPath)
            return path.isEmpty ? nil : path
        @unknown default: return nil
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacing(".[", with: "[")
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type, is Int64.Type, is UInt64.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
