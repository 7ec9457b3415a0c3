import OKREvents
import OKRPages
import OKRProjections

/// `/reviews`: the view's reviews (SPEC §15), each objective with its score as of the review and
/// its retrospective: outcome, rating, what was learned and what comes next.
enum ReviewsPage {
    /// What `/reviews` and `/api/reviews` show.
    struct Reviews: Codable, Hashable, Sendable {
        var reviews: [ReviewDetail]
    }

    static func content(_ document: Reviews) -> HTML {
        guard !document.reviews.isEmpty else { return "<h1>Reviews</h1><p class=\"muted\">No reviews in this view.</p>" }
        let sections = document.reviews.map { detail -> HTML in
            let review = detail.review
            let rows = detail.objectives.map { objective -> HTML in
                """
                <tr data-objective="\(objective.id)"><td data-label="Objective">\(objective.title) <span class="muted">\(objective.id)</span></td>\
                <td data-label="Score">\(Layout.scoreBar(objective.score))</td>\
                <td data-field="outcome" data-label="Outcome">\(RetroPhrases.outcome(objective.retro))</td>\
                <td class="num" data-label="Rating">\(RetroPhrases.rating(objective.retro))</td>\
                <td class="note" data-label="Notes">\(RetroPhrases.notes(objective.retro))</td></tr>
                """
            }.joined()
            return """
            <section data-review="\(review.id)"><h2>\(review.id) <span class="muted">\(RetroPhrases.kind(review.kind)) review of \
            \(review.cycle)\(review.team.map { ", team " + $0 } ?? "") · as of \(Format.day(review.at)) · \(review.retros) of \
            \(review.objectives) with a retrospective</span></h2>
            <table class="krs reviews"><thead><tr><th>Objective</th><th>Score</th><th>Outcome</th><th>Rating</th><th>Notes</th></tr></thead>\
            <tbody>\(rows)</tbody></table></section>
            """
        }.joined()
        return "<h1>Reviews</h1>\(sections)"
    }
}
