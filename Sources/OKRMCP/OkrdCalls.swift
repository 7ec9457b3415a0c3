import Dispatch
import OKRWire

/// okrd as the MCP server calls it: blocking calls on a Dispatch queue (the SDK's tasks must not
/// block) over a ``OKRWire/WireConnectionPool``. A read that meets a connection gone stale (okrd
/// restarted) is made again on a new one; a write is not, since it may have been appended
/// before the connection broke.
public final class OkrdCalls: Sendable {
    private let pool: WireConnectionPool

    public init(reach: OkrdReach) {
        pool = WireConnectionPool(reach: reach, keeping: 2)
    }

    /// A question's answer, or okrd's refusal as ``WireClientError/rejected(_:)``, or why okrd
    /// could not be reached.
    func read<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params) async throws(WireClientError) -> Result {
        try await call(method, params, retryingStale: true)
    }

    /// A write's result, made once.
    func write<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params) async throws(WireClientError) -> Result {
        try await call(method, params, retryingStale: false)
    }

    private func call<Params: Sendable, Result: Sendable>(_ method: Method<Params, Result>, _ params: Params,
                                                         retryingStale: Bool) async throws(WireClientError) -> Result {
        let outcome: Swift.Result<Result, WireClientError> = await withCheckedContinuation { [pool] continuation in
            DispatchQueue.global().async {
                do throws(WireClientError) {
                    continuation.resume(returning: .success(try pool.call(method, params, retryingStale: retryingStale)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try outcome.get()
    }

    /// Where okrd is, as messages name it.
    var endpoint: String { pool.reach.description }
}
