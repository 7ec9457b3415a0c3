import Crypto
import Foundation

/// Standard Webhooks' signature (standardwebhooks.com): `v1,` and the base64 HMAC-SHA256 of
/// `id.timestamp.body`, keyed by the base64 after the secret's `whsec_` prefix.
public enum StandardWebhookSignature {
    /// Why a secret cannot sign.
    public struct BadSecret: Error, CustomStringConvertible {
        public var description: String { "the secret is not whsec_ followed by base64" }
    }

    public static func sign(id: String, timestamp: Int, body: [UInt8], secret: String) throws(BadSecret) -> String {
        guard secret.hasPrefix("whsec_"), let key = Data(base64Encoded: String(secret.dropFirst(6))), !key.isEmpty else {
            throw BadSecret()
        }
        var message = Array("\(id).\(timestamp).".utf8)
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }
}
