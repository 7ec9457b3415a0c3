import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OKRServer
import Synchronization

/// Sends hook deliveries (SPEC §13) with AsyncHTTPClient: TLS on the system's trust store,
/// `http`/`https` only, no redirects, 10 s for the status line and headers, at most 64 KiB of a
/// body read (the status decides; the rest is not read).
public final class HTTPHookSender: HookSender {
    /// Seconds an attempt waits for the status line and headers.
    public static let timeoutSeconds = 10
    /// The most of an answer's body read before the connection is let go.
    public static let bodyCap = 64 * 1024

    /// Made at the first attempt, so that an okrd that stops before sending anything (or never
    /// starts) has no client to shut down: AsyncHTTPClient traps on a client dropped unshut.
    private let client = Mutex<HTTPClient?>(nil)
    private let timeoutSeconds: Int
    private let eventLoopGroup: any EventLoopGroup

    /// A sender whose connections run on `eventLoopGroup` (okrd's is its hooks' low-priority thread).
    public init(eventLoopGroup: any EventLoopGroup, timeoutSeconds: Int = HTTPHookSender.timeoutSeconds) {
        self.eventLoopGroup = eventLoopGroup
        self.timeoutSeconds = timeoutSeconds
    }

    private func connectedClient() -> HTTPClient {
        client.withLock { client in
            if let client { return client }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(Int64(timeoutSeconds)), read: .seconds(Int64(timeoutSeconds))))
            configuration.connectionPool = .init(idleTimeout: .seconds(60))
            let made = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: configuration)
            client = made
            return made
        }
    }

    public func send(_ request: HookRequest) async -> HookAttemptOutcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let signing = request.signing {
            let timestamp = Int(Date().timeIntervalSince1970)
            do {
                let signature = try StandardWebhookSignature.sign(id: signing.id, timestamp: timestamp, body: request.body,
                                                                   secret: signing.secret)
                outgoing.headers.add(name: "webhook-id", value: signing.id)
                outgoing.headers.add(name: "webhook-timestamp", value: String(timestamp))
                outgoing.headers.add(name: "webhook-signature", value: signature)
            } catch {
                return .failed("cannot sign: \(error)")
            }
        }
        outgoing.headers.replaceOrAdd(name: "content-length", value: String(request.body.count))
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await connectedClient().execute(outgoing, timeout: .seconds(Int64(timeoutSeconds)))
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read >= Self.bodyCap { break }
            }
            return .answered(status: Int(response.status.code))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .timedOut(seconds: timeoutSeconds)
        } catch {
            return .failed(Self.describe(error))
        }
    }

    public func fingerprint(_ credential: String) -> String {
        let digest = SHA256.hash(data: Array(credential.utf8))
        return "sha256:" + digest.prefix(4).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    public func shutdown() async {
        let made = client.withLock { client in
            defer { client = nil }
            return client
        }
        try? await made?.shutdown()
    }

    /// A connection error in a few words for `hook deliveries` and the log.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .remoteConnectionClosed { return "the connection was closed before an answer" }
            return "HTTP client: \(error)"
        }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return String(text.prefix(200))
    }
}
