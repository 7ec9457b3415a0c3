import OKRPages
import OKREvents
import OKRProjections

/// The digest as plain text (a terminal, cron mail's text part) or as Markdown (a chat, a wiki).
/// In Markdown every piece of user text has its punctuation backslash-escaped, so a title
/// cannot become a link, an image, a heading or HTML (SPEC §8).
enum DigestText {
    enum Flavour { case text, markdown }

    static func render(_ report: DigestReport, as flavour: Flavour) -> String {
        let md = flavour == .markdown
        func text(_ value: String) -> String { md ? escapeMarkdown(Format.line(value)) : Format.line(value) }
        func heading(_ title: String, level: Int) -> String { md ? String(repeating: "#", count: level) + " " + title : title }
        var lines: [String] = []
        lines.append(heading("OKR digest \(DigestPhrases.window(report))", level: 1))
        for cycle in report.cycles {
            lines.append("")
            lines.append(heading("\(text(cycle.name)) (\(text(cycle.id)))", level: 2))
            if cycle.objectives.isEmpty { lines.append(md ? "_nothing shown_" : "  (nothing shown)") }
            for objective in cycle.objectives {
                let head = "\(text(objective.id)) \(text(objective.title)) · \(text(objective.team)) · \(text(DigestPhrases.owner(objective.owner)))"
                    + " · \(objective.kind.rawValue) · \(text(DigestPhrases.score(objective.scoreThen, objective.scoreNow)))"
                lines.append("")
                lines.append(md ? heading(head, level: 3) : "  " + head)
                for child in objective.children {
                    let weight = child.weight == 1 ? "" : " ×" + Format.number(child.weight)
                    let line = "↳ \(text(child.id)) \(text(child.title)) · \(text(child.cycle))\(weight) · "
                        + text(DigestPhrases.score(child.scoreThen, child.scoreNow))
                    lines.append(md ? "- " + line : "    " + line)
                }
                for kr in objective.keyResults {
                    var facts = [DigestPhrases.value(kr), DigestPhrases.score(kr.scoreThen, kr.scoreNow), DigestPhrases.pace(kr)]
                    if let confidence = DigestPhrases.confidence(kr) { facts.append(confidence) }
                    let flag = kr.confidenceDropped ? (md ? " **confidence dropped**" : "  ⚠ confidence dropped") : ""
                    let spark = kr.series.count > 1 ? "  " + Format.sparkline(kr.series.map(\.value), width: 16) : ""
                    // Units are user text: through `text` like every other.
                    let line = "\(text(kr.id)) \(text(kr.title)) · \(text(DigestPhrases.owner(kr.owner))) · "
                        + text(facts.joined(separator: " · ")) + flag
                    lines.append(md ? "- " + line : "    " + line + spark)
                    for checkIn in kr.checkIns {
                        let note = checkIn.note.map { ": " + text($0) } ?? ""
                        let entry = "\(Format.day(checkIn.at)) \(Format.checkIn(confidence: checkIn.confidence, status: checkIn.status)) \(text(checkIn.author))\(note)"
                        lines.append(md ? "  - " + entry : "      " + entry)
                    }
                }
            }
        }
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append(heading(title, level: 2))
            for item in items { lines.append(md ? "- " + item : "  " + item) }
        }
        section("Insights", report.insights.map { text(DigestPhrases.insight($0)) })
        section("Errors (okrctl lint)", report.findings.map { "\($0.code) \(text($0.subject)): \(text($0.message))" })
        section("Quiet feeds", report.quietFeeds.map { text(DigestPhrases.quietFeed($0)) })
        section("KPIs", report.kpiChanges.map { text(DigestPhrases.kpiChange($0)) })
        section("Reviews", report.reviews.map { text(DigestPhrases.review($0)) })
        section("Retrospectives", report.retros.map { text(DigestPhrases.retro($0)) })
        section("Due", report.due.map { text(DigestPhrases.due($0)) })
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` with every ASCII punctuation character backslash-escaped (CommonMark treats each
    /// as literal then), so nothing in it is Markdown or HTML.
    static func escapeMarkdown(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            if character.isASCII, character.isPunctuation || character.isSymbol { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
