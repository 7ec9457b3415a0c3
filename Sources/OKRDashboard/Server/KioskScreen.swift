import OKRProjections

/// One screen of kiosk mode (`okrctl dashboard --kiosk N`, SPEC §12): the team it shows, its
/// place in the rotation, and the URL of the next screen, which the page loads after N seconds
/// (a `<meta http-equiv="refresh">`, so a TV turns its screens with script off too).
struct KioskScreen: Sendable, Equatable {
    let team: String
    let index: Int
    let count: Int
    let seconds: Int
    /// The next screen's path and query, keeping the view.
    let next: String

    /// Screen `requested` (the URL's `screen`, wrapping round) of `teams`; nil when there is none.
    init?(teams: [String], requested: Int, seconds: Int, view: ViewQuery) {
        guard !teams.isEmpty else { return nil }
        index = ((requested % teams.count) + teams.count) % teams.count
        team = teams[index]
        count = teams.count
        self.seconds = seconds
        var rest = view
        rest.team = nil
        let query = rest.queryString
        next = "/" + (query.isEmpty ? "?" : query + "&") + "screen=\((index + 1) % teams.count)"
    }

    /// The teams a kiosk turns through: those it was given (`--team`), else every team with an
    /// objective in the view, in order of name.
    static func teams(given: [String], in report: StatusReport) -> [String] {
        guard given.isEmpty else { return given }
        return Array(Set(report.cycles.flatMap(\.objectives).map(\.team))).sorted()
    }
}
