/// `ADDRESS:PORT` as `okrctl dashboard --listen` takes it (`127.0.0.1:7480`, `[::1]:0`,
/// `0.0.0.0:8080`): an address, and a port from 0 (any free one) to 65535. okrctl checks it
/// before it hands over, and `okr-dashboard` listens on it, by this one reading.
public struct ListenAddress: Sendable, Equatable {
    /// The address as written (an IPv6 one in its brackets).
    public let host: String
    public let port: Int

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        host = String(text[..<colon])
        self.port = port
    }

    /// What a refused one is told.
    public static func refusal(_ text: String) -> String {
        "--listen must be ADDRESS:PORT (127.0.0.1:7480; port 0 picks one), not '\(text)'"
    }
}
