import OKREvents
import OKRPages
import OKRProjections

/// The frame of every page: navigation, the as-of form (a GET form, so it works without script
/// and leaves a shareable URL), the banner shown when okrd is lost, and the page's content.
/// Styles and script come from the same origin (`/assets/…`): nothing inline, nothing remote.
enum Layout {
    static func page(title: String, path: String, view: ViewQuery, kiosk: Bool = false, screen: KioskScreen? = nil, content: HTML) -> HTML {
        let query = view.queryString
        let controls: HTML = kiosk ? .empty : """
        <nav class="top">\
        <a href="/\(query)">Overview</a> <a href="/tree\(query)">Tree</a> <a href="/due\(query)">Due</a> \
        <a href="/kpis\(query)">KPIs</a> <a href="/reviews\(query)">Reviews</a> <a href="/health\(query)">Health</a></nav>
        <form class="when" method="get" action="\(path)">\
        <label>As of <input type="date" name="as-of" value="\(view.asOf.map { CalendarDay(containing: $0).description } ?? "")"></label>\
        \(hidden("cycle", view.cycle))\(hidden("team", view.team))\(hidden("owner", view.owner))\(hidden("known-at", view.knownAt?.rfc3339))\
        <button type="submit">Show</button></form>
        """
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) — okr</title>\(refresh(screen))
        <link rel="stylesheet" href="/assets/dashboard.css"><script src="/assets/dashboard.js" defer></script></head>
        <body class="\(kiosk ? "kiosk" : "page")"><header>\(controls)</header>
        <p id="okrd-lost" class="banner" hidden>okrd cannot be reached; this page shows what it last knew.</p>
        <main>\(content)</main>
        </body></html>
        """
    }

    /// A kiosk screen's turn to the next one.
    private static func refresh(_ screen: KioskScreen?) -> HTML {
        guard let screen else { return .empty }
        return "<meta http-equiv=\"refresh\" content=\"\(screen.seconds); url=\(screen.next)\">"
    }

    private static func hidden(_ name: String, _ value: String?) -> HTML {
        guard let value else { return .empty }
        return "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
    }

    /// A pace as a word and a symbol, with its colour as a class (never the colour alone).
    static func pace(_ pace: Pace) -> HTML {
        let (symbol, word): (String, String) = switch pace {
        case .done: ("✓", "done")
        case .onTrack: ("●", "on track")
        case .atRisk: ("▲", "at risk")
        case .offTrack: ("▼", "off track")
        case .noData: ("○", "no data")
        case .notStarted: ("◌", "not started")
        }
        return "<span class=\"pace pace-\(pace.rawValue)\">\(symbol) \(word)</span>"
    }

    /// A score from 0 to 1 as a bar drawn in SVG (no style attribute), with the number beside it.
    static func scoreBar(_ score: Double?, pace: Pace? = nil) -> HTML {
        guard let score, score.isFinite else { return "<span class=\"muted\">no score</span>" }
        let width = Int((min(max(score, 0), 1) * 100).rounded())
        return """
        <svg class="bar" viewBox="0 0 100 8" role="img" aria-label="score \(Format.number(score))">\
        <rect class="track" width="100" height="8"></rect><rect class="fill pace-\(pace?.rawValue ?? "none")" width="\(width)" height="8"></rect></svg> \
        <b>\(Format.number((score * 100).rounded() / 100))</b>
        """
    }

    /// A path segment for an id (`/kr/KR-1`), percent-encoded.
    static func segment(_ id: String) -> String { ViewQuery.percentEncoded(id) }
}
