import OKRPages
import OKREvents
import OKRProjections

/// The phrases every form of the digest is written with (text, Markdown, HTML, mail), so that
/// they say the same things: a move "then → now", a pace transition, a confidence change.
enum DigestPhrases {
    /// `35% → 42%`, or `42%` when nothing moved.
    static func move(_ then: String, _ now: String) -> String { then == now ? now : "\(then) → \(now)" }

    static func score(_ then: Double?, _ now: Double?) -> String {
        "score " + move(Format.percent(then), Format.percent(now))
    }

    static func value(_ kr: DigestReport.KeyResult) -> String {
        move(Format.number(kr.valueThen, unit: kr.unit), Format.number(kr.valueNow, unit: kr.unit))
            + " of " + Format.number(kr.target, unit: kr.unit)
    }

    static func pace(_ kr: DigestReport.KeyResult) -> String { move(kr.paceThen.rawValue, kr.paceNow.rawValue) }

    /// `confidence 8 → 5, down 3`, or nil without any confidence.
    static func confidence(_ kr: DigestReport.KeyResult) -> String? {
        guard kr.confidenceThen != nil || kr.confidenceNow != nil else { return nil }
        var text = "confidence " + move(Format.confidence(kr.confidenceThen), Format.confidence(kr.confidenceNow))
        if kr.confidenceDropped, let then = kr.confidenceThen, let now = kr.confidenceNow { text += ", down \(then - now)" }
        return text
    }

    static func owner(_ owner: String?) -> String { owner.map { "@" + $0 } ?? "nobody" }

    static func insight(_ change: DigestReport.InsightChange) -> String {
        "\(change.id) on \(change.subject) \(change.change.rawValue) \(Format.day(change.at)): \(change.text)"
    }

    static func quietFeed(_ feed: DigestReport.QuietFeed) -> String {
        "\(feed.metric) (\(feed.keyResult), \(owner(feed.owner))): "
            + (feed.lastObservedAt.map { "last observed \(Format.day($0))" } ?? "never observed")
    }

    static func kpiChange(_ change: DigestReport.KPIChange) -> String {
        "\(change.kpi) \(change.name) (\(owner(change.owner))): \(change.from.map { $0.rawValue + " → " } ?? "")\(change.to.rawValue) "
            + "\(Format.day(change.at)), value \(Format.number(change.value))"
    }

    static func retro(_ retro: RetroSummary) -> String {
        "\(retro.objective) \(retro.outcome.rawValue), rated \(retro.rating)/5 by \(retro.author) \(Format.day(retro.at))"
            + (retro.learned.map { ": learned \(Format.line($0))" } ?? "") + (retro.next.map { "; next \(Format.line($0))" } ?? "")
    }

    static func review(_ review: ReviewSummary) -> String {
        "\(review.id) (\(RetroPhrases.kind(review.kind)) review of \(review.cycle)\(review.team.map { ", team \($0)" } ?? "")) "
            + "\(Format.day(review.at)): \(review.retros) of \(review.objectives) objectives with a retrospective"
    }

    static func due(_ item: DueReport.Item) -> String { "\(owner(item.owner)) · \(item.message)" }

    static func window(_ report: DigestReport) -> String { "\(Format.day(report.since)) → \(Format.day(report.asOf))" }
}
