import OKREvents
import OKRProjections

/// How reviews and retrospectives read in every output (okrctl, the report, the digest, the
/// dashboard), so that they say it alike.
public enum RetroPhrases {
    /// `mid-cycle` or `closing`.
    public static func kind(_ kind: ReviewKind) -> String { kind == .mid ? "mid-cycle" : "closing" }

    /// The outcome, or `no retrospective`.
    public static func outcome(_ retro: RetroSummary?) -> String { retro?.outcome.rawValue ?? "no retrospective" }

    /// `4/5`, or `–`.
    public static func rating(_ retro: RetroSummary?) -> String { retro.map { "\($0.rating)/5" } ?? "–" }

    /// `learned: … · next: …`, escaped, or nothing.
    public static func notes(_ retro: RetroSummary?) -> HTML {
        guard let retro else { return .empty }
        let learned: HTML = retro.learned.map { "learned: \($0)" } ?? .empty
        let next: HTML = retro.next.map { next -> HTML in retro.learned == nil ? "next: \(next)" : " · next: \(next)" } ?? .empty
        return "\(learned)\(next)"
    }
}
