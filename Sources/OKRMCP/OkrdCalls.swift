import Dispatch
import OKRWire

/// okrd as the MCP server calls it: one connection, opened when first needed and again after a
/// failure, used by one call at a time on a queue of its own (okrctl's client blocks, and the
/// MCP server's tasks must not).
public final class OkrdCalls: @unchecked Sendable {
    private let reach: OkrdReach
    private let queue = DispatchQueue(label: "okr-mcp okrd")
    /// Touched only on `queue`.
    private var connection: WireClient?

    public init(reach: OkrdReach) {
        self.reach = reach
    }

    /// `method`'s result, or okrd's refusal as ``WireClientError/rejected(_:)``, or why okrd could
    /// not be reached.
    func call<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params) async throws(WireClientError) -> Result {
        let outcome: Swift.Result<Result, WireClientError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                do throws(WireClientError) {
                    continuation.resume(returning: .success(try callHere(method, params)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try outcome.get()
    }

    private func callHere<Params, Result>(_ method: Method<Params, Result>, _ params: Params) throws(WireClientError) -> Result {
        let client: WireClient
        if let kept = connection { client = kept } else { client = try reach.connect() }
        do {
            let result = try client.call(method, params)
            connection = client
            return result
        } catch {
            // A refusal leaves the connection usable; anything else ends it.
            if case .rejected = error { connection = client } else { connection = nil }
            throw error
        }
    }

    /// Where okrd is, as messages name it.
    var endpoint: String { reach.description }
}
