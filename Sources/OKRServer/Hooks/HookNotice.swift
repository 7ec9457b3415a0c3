import OKREvents

/// Something a hook is told of, before any format: what happened, about what, for whom, in a line
/// a person can act on, and the JSON a Standard Webhooks receiver gets. Kept in the state file
/// for a failed delivery, so that `hook retry` sends what the first attempt sent.
struct HookNotice: Codable, Hashable, Sendable {
    var kind: HookKind
    /// The event it tells of (`nil` for `test`, `due`, `digest`).
    var seq: UInt64?
    /// The key result, insight or cycle it is about.
    var subject: String?
    /// The subject's team and owner as `status --json` shows them, which `--team`/`--owner` match.
    var team: String?
    var owner: String?
    /// A short headline (`KR-1 at risk`).
    var title: String
    /// The whole message in one line: what happened, the subject's id, owner and numbers.
    var line: String
    /// Label and value pairs a card shows under the line.
    var facts: [Fact]
    /// Further lines under it: each item of a due list, each key result that moved in a digest.
    var details: [String]? = nil
    /// When it happened (the event's record time).
    var at: Instant
    /// The JSON of the event as `log --json` prints it, or for a notice no event makes (`due`,
    /// `digest`, `feed.quiet`, `test`) its document: the due list, the digest, the feed.
    var event: String
    /// The JSON of the subject as `status --json` shows it; `null` when there is none.
    var subjectJSON: String

    struct Fact: Codable, Hashable, Sendable {
        var label: String
        var value: String
    }

    /// Whether ``event`` holds a document rather than an event (the member's name in a standard body).
    var carriesDocument: Bool { seq == nil }

    /// Whether a hook narrowed by `teams` and `owners` takes it: each list, when given, must
    /// name the subject's; a notice with neither (a closed cycle) goes to every hook.
    func matches(teams: [String], owners: [String]) -> Bool {
        if team == nil && owner == nil && kind == .cycleClosed { return true }
        if !teams.isEmpty, !teams.contains(team ?? "") { return false }
        if !owners.isEmpty, !owners.contains(owner ?? "") { return false }
        return true
    }
}
