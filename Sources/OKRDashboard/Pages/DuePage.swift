import OKRPages
import OKRProjections

/// `/due`: what `okrctl due` lists, grouped by owner (the unowned last).
enum DuePage {
    static func content(_ due: DueReport) -> HTML {
        guard !due.items.isEmpty else { return "<h1>Due</h1><p class=\"muted\">Nothing is due.</p>" }
        var groups: [(owner: String?, items: [DueReport.Item])] = []
        for item in due.items {
            if let last = groups.indices.last, groups[last].owner == item.owner {
                groups[last].items.append(item)
            } else {
                groups.append((item.owner, [item]))
            }
        }
        let sections = groups.map { group -> HTML in
            let items = group.items.map { item -> HTML in
                "<li class=\"due due-\(item.kind.rawValue)\">\(item.message) <span class=\"muted\">since \(Format.day(item.since))</span></li>"
            }.joined()
            return "<section class=\"owner\"><h2>\(group.owner ?? "Nobody")</h2><ul>\(items)</ul></section>"
        }.joined()
        return "<h1>Due</h1>\(sections)"
    }
}
