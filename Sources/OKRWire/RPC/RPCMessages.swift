import FoundationEssentials

/// A request id: a number, a string, or null (JSON-RPC 2.0 §4). The answer carries the id back
/// exactly as the client wrote it: a number that is not a plain `Int64` (`1E22`, `123.456`,
/// `-0`, `1.0`, twenty digits) is kept as its JSON text.
public enum RPCID: Hashable, Sendable, Codable {
    case number(Int64)
    /// A number written in a form `Int64` does not give back byte for byte: its exact JSON text.
    case numberText(String)
    case string(String)
    case null

    /// The id for a number written as `text` (valid JSON number grammar).
    public init(numberText text: String) {
        if let integer = Int64(text), String(integer) == text {
            self = .number(integer)
        } else {
            self = .numberText(text)
        }
    }

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let number = try? single.decode(Int64.self) {
            self = .number(number)
        } else if let number = try? single.decode(Double.self) {
            self = .numberText("\(number)")
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .number(let number): try single.encode(number)
        case .numberText(let text): try single.encode(Double(text) ?? 0)
        case .string(let string): try single.encode(string)
        case .null: try single.encodeNil()
        }
    }
}

extension RPCID: CompactJSONScalar {
    /// Writes the id as it came: a number's own text, not a re-formatted `Double`.
    func appendJSON(to output: inout [UInt8]) {
        switch self {
        case .number(let number): output.appendDecimal(number)
        case .numberText(let text): output.append(contentsOf: text.utf8)
        case .string(let string): output.appendJSONString(string)
        case .null: output.append(contentsOf: "null".utf8)
        }
    }
}

/// A JSON-RPC request (or, without an id, a notification) after its envelope was checked.
public struct RPCRequest: Hashable, Sendable {
    public var method: String
    public var params: JSONValue?
    /// `nil` for a notification: no response is sent.
    public var id: RPCID?
    /// The request's own line and where its params sit in it, when it came alone: params are
    /// then read straight from those bytes, once, instead of through a ``JSONValue`` tree
    /// (BENCHMARKS.md, "What the profile taught"). `paramsRange` is `nil` when there are none.
    var line: [UInt8]?
    var paramsRange: Range<Int>?

    public init(method: String, params: JSONValue? = nil, id: RPCID?) {
        self.method = method
        self.params = params
        self.id = id
    }

    /// The bytes the request took: its line when it came alone, else its params as JSON (a
    /// request inside a batch), so that a limit in bytes holds however a request is sent.
    public var byteCount: Int {
        if let line { return line.count }
        return ((try? JSONEncoder().encode(params ?? .object([:])))?.count ?? 0) + method.utf8.count
    }

    /// Decodes `params` as `P`; an absent `params` reads as `{}`.
    public func decodeParams<P: Decodable>(_ type: P.Type) throws(RPCError) -> P {
        try decodeWithFoundation(type)
    }

    private func decodeWithFoundation<P: Decodable>(_ type: P.Type) throws(RPCError) -> P {
        var data = Data("{}".utf8)
        do {
            if let line {
                if let paramsRange { data = Data(line[paramsRange]) }
            } else {
                data = try JSONEncoder().encode(params ?? .object([:]))
            }
            return try JSONDecoder().decode(P.self, from: data)
        } catch let error as DecodingError {
            // Foundation says only "not valid JSON" of valid JSON holding a number no Double can
            // hold (1e400): name the field and the number instead.
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
               let number = data.withUnsafeBytes({ UnreadableNumber.first(in: $0) }) {
                // SPEC §8: every finite number is taken; one no double holds is a validation failure naming its field.
                throw RPCError.validation(number.description, field: number.field ?? "params")
            }
            throw RPCError.invalidParams(error.okrDescription, field: error.okrFieldPath)
        } catch {
            throw RPCError.invalidParams("\(error)")
        }
    }

    /// Decodes params that can read themselves from the request's bytes: that reading first,
    /// and Foundation's decoder (with its exact errors) only when it gives up.
    public func decodeParams<P: Decodable & ScannableParams>(_ type: P.Type) throws(RPCError) -> P {
        if let line, let paramsRange {
            let scanned: P? = line.withUnsafeBytes { bytes in
                var scanner = JSONScanner(UnsafeRawBufferPointer(rebasing: bytes[..<paramsRange.upperBound]), from: paramsRange.lowerBound)
                guard let params = P.scan(&scanner), scanner.atEnd() else { return nil }
                return params
            }
            if let scanned { return scanned }
        }
        return try decodeWithFoundation(type)
    }
}

/// Params with a reader of their own over request bytes (see ``JSONScanner``).
public protocol ScannableParams {
    /// Reads the params value at the scanner's position; `nil` to leave it to Foundation.
    static func scan(_ scanner: inout JSONScanner) -> Self?
}

/// One line received from a client, classified per JSON-RPC 2.0.
public enum RPCIncoming: Sendable {
    /// A single request, or the error response its envelope earned.
    case single(Result<RPCRequest, RPCErrorResponse>)
    /// A batch: one entry per element.
    case batch([Result<RPCRequest, RPCErrorResponse>])

    /// Parses one line.
    public static func parse(_ line: [UInt8]) -> RPCIncoming {
        // A single well-formed request (the common case) is read by the scanner, without building
        // a JSON tree; batches and anything odd take the general path below, which gives the
        // exact error.
        if let request = scanSingle(line) { return .single(.success(request)) }
        guard !JSONNesting.exceeds(line) else {
            return .single(.failure(RPCErrorResponse(id: .null, error: .parseError("nested more than \(JSONNesting.limit) levels deep"))))
        }
        // RFC 8259 first: Foundation's decoder also takes trailing commas (`[1,]`, `{"id":0,}`).
        let invalidAt: Int? = line.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            return scanner.isValidDocument() ? nil : scanner.position
        }
        if let invalidAt {
            return .single(.failure(RPCErrorResponse(id: .null, error: .parseError("not valid JSON (RFC 8259) at byte \(invalidAt + 1)"))))
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(line))
        } catch {
            return .single(.failure(RPCErrorResponse(id: .null, error: .parseError(parseDetail(error)))))
        }
        let numberIDs = numberIDTexts(line)
        if case .array(let elements) = value {
            guard !elements.isEmpty else {
                return .single(.failure(RPCErrorResponse(id: .null, error: .invalidRequest("empty batch"))))
            }
            return .batch(elements.enumerated().map { classify($1, numberID: numberIDs[$0]) })
        }
        return .single(classify(value, numberID: numberIDs[0]))
    }

    /// The text of each request's numeric `id` as written (Foundation's tree keeps only a
    /// `Double`), by position: the one object of a line, or each element of a batch.
    private static func numberIDTexts(_ line: [UInt8]) -> [Int: String] {
        var texts: [Int: String] = [:]
        line.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes)
            func object(_ scanner: inout JSONScanner, _ position: Int) -> Bool {
                guard scanner.peek() == UInt8(ascii: "{") else { return scanner.skipValue() }
                return scanner.members { scanner, key in
                    if key.elementsEqual("id".utf8), let text = scanner.numberText() {
                        texts[position] = String(decoding: text, as: UTF8.self)
                        return true
                    }
                    return scanner.skipValue()
                }
            }
            if scanner.peek() == UInt8(ascii: "[") {
                var position = 0
                _ = scanner.elements { scanner in
                    defer { position += 1 }
                    return object(&scanner, position)
                }
            } else {
                _ = object(&scanner, 0)
            }
        }
        return texts
    }

    /// A single request whose envelope passes every check of ``classify(_:)``, or `nil`.
    static func scanSingle(_ line: [UInt8]) -> RPCRequest? {
        var jsonrpcValid = false
        var method: String?
        var id: RPCID?
        var paramsRange: Range<Int>?
        let members = ["jsonrpc", "method", "id", "params"]
        var seen = Set<String>()
        let read = line.withUnsafeBytes { bytes -> Bool in
            var scanner = JSONScanner(bytes)
            let valid = scanner.members { scanner, key in
                let name = String(decoding: key, as: UTF8.self)
                // A repeated envelope member is left to the general path.
                if members.contains(name), !seen.insert(name).inserted { return false }
                switch name {
                case "jsonrpc":
                    jsonrpcValid = scanner.string() == "2.0"
                    return jsonrpcValid
                case "method":
                    method = scanner.string()
                    return method != nil
                case "id":
                    if scanner.consumeNull() {
                        id = .null
                    } else if scanner.peek() == UInt8(ascii: "\"") {
                        guard let text = scanner.string() else { return false }
                        id = .string(text)
                    } else {
                        guard let text = scanner.numberText() else { return false }
                        let idText = String(decoding: text, as: UTF8.self)
                        // An id no Double holds (11e400) goes the general path, which refuses it as
                        // Foundation does; echoed back, it made an answer Foundation cannot read.
                        guard Double(idText)?.isFinite == true else { return false }
                        id = RPCID(numberText: idText)
                    }
                    return true
                case "params":
                    let next = scanner.peek()
                    guard next == UInt8(ascii: "{") || next == UInt8(ascii: "[") else { return false }
                    let start = scanner.position
                    guard scanner.skipValue() else { return false }
                    paramsRange = start..<scanner.position
                    return true
                default:
                    return scanner.skipValue()
                }
            }
            return valid && scanner.atEnd()
        }
        guard read, jsonrpcValid, let method else { return nil }
        var request = RPCRequest(method: method, id: id)
        request.line = line
        request.paramsRange = paramsRange
        return request
    }

    private static func parseDetail(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
            return underlying.isEmpty ? "not valid JSON" : "not valid JSON (\(underlying))"
        }
        return "not valid JSON"
    }

    private static func classify(_ value: JSONValue, numberID: String?) -> Result<RPCRequest, RPCErrorResponse> {
        guard case .object(let fields) = value else {
            return .failure(RPCErrorResponse(id: .null, error: .invalidRequest("a request must be a JSON object")))
        }
        var id: RPCID?
        switch fields["id"] {
        case nil: id = nil
        case .null?: id = .null
        case .int(let number)?: id = numberID.map(RPCID.init(numberText:)) ?? .number(number)
        case .double(let number)?: id = numberID.map(RPCID.init(numberText:)) ?? .numberText("\(number)")
        case .string(let string)?: id = .string(string)
        default:
            return .failure(RPCErrorResponse(id: .null, error: .invalidRequest("'id' must be a string, a number or null")))
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
