import OKRPages
import OKRProjections

/// `/tree`: north star → strategy → objectives → key results, parents of other cycles with their
/// children (an annual objective with its quarterly ones), alignment weights, the unlinked.
enum TreePage {
    static func content(_ tree: TreeReport, view: ViewQuery) -> HTML {
        (tree.cycles ?? [tree]).map { cycle(cycle: $0, view: view) }.joined()
    }

    private static func cycle(cycle: TreeReport, view: ViewQuery) -> HTML {
        let stars = cycle.northStars.map { star -> HTML in
            let strategies = star.strategies.map { strategy -> HTML in
                "<li class=\"strategy\">\(strategy.statement) <span class=\"muted\">\(strategy.id)</span>\(objectives(strategy.objectives, view: view))</li>"
            }.joined()
            return """
            <li class="northstar"><b>\(star.name)</b> <span class="muted">\(star.id) · \(star.metric) = \(Format.number(star.current))</span>\
            <ul>\(strategies)</ul></li>
            """
        }.joined()
        let others = cycle.parentsInOtherCycles.map { parent -> HTML in
            "<li class=\"parent\"><b>\(parent.title)</b> <span class=\"muted\">\(parent.id) · \(parent.team) · cycle \(parent.cycle)</span>\(objectives(parent.children, view: view))</li>"
        }.joined()
        let unlinked: HTML = cycle.unlinked.isEmpty ? .empty
            : "<li class=\"unlinked\"><b>Not aligned</b>\(objectives(cycle.unlinked, view: view))</li>"
        return """
        <section class="tree"><h1>Cycle \(cycle.cycle)</h1><p class="muted">alignment \(Format.percent(cycle.alignment))</p>
        <ul class="tree">\(stars)\(others)\(unlinked)</ul></section>
        """
    }

    private static func objectives(_ nodes: [TreeReport.ObjectiveNode], view: ViewQuery) -> HTML {
        guard !nodes.isEmpty else { return .empty }
        return "<ul>\(nodes.map { objective($0, view: view) }.joined())</ul>"
    }

    private static func objective(_ node: TreeReport.ObjectiveNode, view: ViewQuery) -> HTML {
        let weights = node.parents.map { "×\(Format.number($0.weight)) under \($0.id)" }.joined(separator: ", ")
        let keyResults = node.keyResults.map { kr -> HTML in
            let link: HTML = "<a href=\"/kr/\(Layout.segment(kr.id))\(view.queryString)\">\(kr.title)</a>"
            return "<li class=\"kr\">\(link) \(Layout.pace(kr.pace)) <span class=\"muted\">\(kr.id) · score \(Format.number(kr.score.map { ($0 * 100).rounded() / 100 }))</span></li>"
        }.joined()
        let keyResultList: HTML = keyResults.markup.isEmpty ? .empty : "<ul>\(keyResults)</ul>"
        return """
        <li class="objective"><b>\(node.title)</b> <span class="muted">\(node.id) · \(node.team) · cycle \(node.cycle) · \
        score \(Format.number(node.score.map { ($0 * 100).rounded() / 100 }))\(weights.isEmpty ? "" : " · " + weights)\
        \(node.repeated == true ? " · shown above" : "")</span>\(keyResultList)\(objectives(node.children, view: view))</li>
        """
    }
}
