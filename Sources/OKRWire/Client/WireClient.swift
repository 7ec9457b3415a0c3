import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// A blocking JSON-RPC client: one request line out, one response line in, over a Unix stream
/// socket or over the two pipes of an ssh child (``SSHTunnel``).
///
/// okrctl makes one call per run, so plain blocking I/O keeps it small and quick to start.
public final class WireClient {
    private let descriptor: Int32
    /// Where requests go: the socket itself, or the tunnel's stdin.
    private let writeDescriptor: Int32
    private var buffer: [UInt8] = []
    /// How much of `buffer` is known to hold no newline: a long answer arrives in many reads,
    /// and each is searched once.
    private var scanned = 0
    private var nextID: Int64 = 1
    /// The ssh child behind the pipes, if any: waited for when the stream ends.
    private let tunnel: SSHTunnel?
    /// What was connected to: the socket path, or the `ssh://` address.
    public let path: String

    /// Connects to the socket at `path`.
    public init(path: String) throws(WireClientError) {
        self.path = path
        tunnel = nil
        switch UnixSocket.connect(to: path) {
        case .success(let descriptor):
            self.descriptor = descriptor
            writeDescriptor = descriptor
        case .failure(let failure): throw .unreachable(path: path, reason: failure.reason)
        }
    }

    /// Speaks the protocol through `tunnel`'s pipes (`okrctl --host ssh://…`).
    public init(tunnel: SSHTunnel) {
        path = tunnel.host.description
        self.tunnel = tunnel
        descriptor = tunnel.output
        writeDescriptor = tunnel.input
    }

    deinit {
        if let tunnel {
            tunnel.close()
        } else {
            close(descriptor)
        }
    }

    /// Calls `method` with `params` and decodes its result; a JSON-RPC error throws `.rejected`.
    /// `visible` makes every string's unsafe characters visible escapes first (``VisibleEscapes``),
    /// for output to a terminal.
    public func call<Params: Encodable, Result: Decodable>(_ method: String, _ params: Params,
                                                           as result: Result.Type, visible: Bool = false) throws(WireClientError) -> Result {
        let id = nextID
        nextID += 1
        let request = Request(method: method, params: params, id: id)
        let line: [UInt8]
        do {
            line = Array(try JSONEncoder().encode(request)) + [10]
        } catch {
            throw .protocolError("cannot encode the request: \(error)")
        }
        try send(line)
        let response = try readLine()
        return try Self.decodeResponse(visible ? VisibleEscapes.json(response) : response, as: Result.self)
    }

    /// Calls a method without params.
    public func call<Result: Decodable>(_ method: String, as result: Result.Type) throws(WireClientError) -> Result {
        try call(method, EmptyParams(), as: result)
    }

    /// Calls `method` through its descriptor: the params and result are the types okrd's handler
    /// takes and answers with.
    public func call<Params, Result>(_ method: Method<Params, Result>, _ params: Params, visible: Bool = false) throws(WireClientError) -> Result {
        try call(method.name, params, as: Result.self, visible: visible)
    }

    /// Calls a method that takes no params through its descriptor.
    public func call<Result>(_ method: Method<EmptyParams, Result>, visible: Bool = false) throws(WireClientError) -> Result {
        try call(method.name, EmptyParams(), as: Result.self, visible: visible)
    }

    /// Sends raw bytes (a line the caller framed itself).
    public func send(_ bytes: [UInt8]) throws(WireClientError) {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a daemon that closed the connection is an error to report, not a
            // SIGPIPE to die of. A tunnel's pipe is written with SIGPIPE ignored (SSHTunnel).
            let written = bytes[offset...].withUnsafeBytes {
                tunnel == nil ? Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                    : Glibc.write(writeDescriptor, $0.baseAddress, $0.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                if let tunnel, let failure = tunnel.failure() { throw failure }
                throw .connectionLost(String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Reads the next line (without its newline); throws `.connectionLost` at end of stream.
    public func readLine() throws(WireClientError) -> [UInt8] {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 10) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
                return line
            }
            scanned = buffer.count
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .connectionLost(String(cString: strerror(errno)))
            }
            if count == 0 {
                if let tunnel, let failure = tunnel.failure() { throw failure }
                throw .connectionLost("the daemon closed the connection")
            }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Decodes a response line into its result, or throws its error.
    public static func decodeResponse<Result: Decodable>(_ line: [UInt8], as result: Result.Type) throws(WireClientError) -> Result {
        // One parse for either answer: a large result is not read twice to learn it is no error.
        let envelope: ResponseEnvelope<Result>
        do {
            envelope = try JSONDecoder().decode(ResponseEnvelope<Result>.self, from: Data(line))
        } catch {
            throw .protocolError("unexpected response: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
        if let failure = envelope.error { throw .rejected(failure) }
        guard let result = envelope.result else {
            throw .protocolError("unexpected response: \(String(decoding: line.prefix(200), as: UTF8.self))")
        }
        return result
    }

    private struct Request<Params: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var method: String
        var params: Params
        var id: Int64
    }

    /// A response: its result, or its error.
    private struct ResponseEnvelope<Result: Decodable>: Decodable {
        var result: Result?
        var error: RPCError?
    }
}

/// Params of a method that takes none.
public struct EmptyParams: Codable, Hashable, Sendable {
    public init() {}
}

/// Why a call did not produce a result.
public enum WireClientError: Error, Sendable, CustomStringConvertible {
    /// No daemon answers at the socket (exit status 2).
    case unreachable(path: String, reason: String)
    /// The connection broke mid-call (exit status 2).
    case connectionLost(String)
    /// The daemon refused the request (exit status 3).
    case rejected(RPCError)
    /// The daemon's answer made no sense.
    case protocolError(String)

    public var description: String {
        switch self {
        case .unreachable(let path, let reason): "cannot reach okrd at \(path): \(reason)"
        case .connectionLost(let reason): "lost the connection to okrd: \(reason)"
        case .rejected(let error): error.line
        case .protocolError(let detail): "protocol error: \(detail)"
        }
    }
}
