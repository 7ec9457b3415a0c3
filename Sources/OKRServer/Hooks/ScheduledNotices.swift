import OKREvents
import OKRProjections
import OKRWire

/// The notices no single event makes (SPEC §13): `due` (each owner's due list, daily), `digest`
/// (weekly) and `feed.quiet` (a metric feed gone quiet, once per quiet spell), for one hook,
/// narrowed by its teams and owners. Each has an id of its own: the day, the owner, the feed and
/// the last observation before the spell, so that one sent again after a crash is the same.
struct ScheduledNotices {
    let store: ProjectionStore

    /// Each owner's due list as of `now`, one notice per owner with something due.
    func due(for hook: HookAdded, now: Instant, day: CalendarDay) -> [HookNotice] {
        let settings = store.settings
        let perspective = Perspective(at: now)
        let teams: [String?] = hook.teams.isEmpty ? [nil] : hook.teams
        var items: [DueReport.Item] = []
        for team in teams {
            let report = store.read { $0.answer(DueQuery(perspective: perspective, team: team), settings: settings) }
            for item in report.items where !items.contains(item) { items.append(item) }
        }
        var owners: [String?] = []
        for item in items where !owners.contains(item.owner) { owners.append(item.owner) }
        return owners.compactMap { owner -> HookNotice? in
            guard hook.owners.isEmpty || owner.map(hook.owners.contains) == true else { return nil }
            let mine = items.filter { $0.owner == owner }
            let who = SafeText.visible(owner ?? "nobody")
            let document = HookNoticeDeriver.json(DueReport(asOf: now, items: mine))
            return HookNotice(kind: .due, seq: nil, subject: "\(day)_\(owner ?? "nobody")", team: nil, owner: owner,
                              title: "Due for \(who) on \(day)",
                              line: "Due for \(who): \(mine.count) thing\(mine.count == 1 ? "" : "s") — "
                                  + mine.prefix(3).map { "\(SafeText.visible($0.subject)) \(SafeText.visible($0.message))" }.joined(separator: "; ")
                                  + (mine.count > 3 ? "; …" : ""),
                              facts: [], details: mine.map { "\(SafeText.visible($0.subject)): \(SafeText.visible($0.message))" },
                              at: now, event: document, subjectJSON: "null")
        }
    }

    /// The week's digest for each team (or all teams) and owner the hook names.
    func digest(for hook: HookAdded, now: Instant, day: CalendarDay) -> [HookNotice] {
        let settings = store.settings
        // Seven local days: a week across a daylight-saving change is 167 or 169 hours.
        let since = store.read { $0.calendar }.adding(days: -7, to: now)
        var notices: [HookNotice] = []
        for team in hook.teams.isEmpty ? [nil] : hook.teams.map(Optional.some) {
            for owner in hook.owners.isEmpty ? [nil] : hook.owners.map(Optional.some) {
                let report = store.read {
                    $0.answer(DigestQuery(since: since, asOf: now, knownAt: now, team: team, owner: owner), settings: settings)
                }
                let keyResults = report.cycles.flatMap { $0.objectives.flatMap(\.keyResults) }
                let moved = keyResults.filter(\.changed)
                let atRisk = keyResults.filter { [.atRisk, .offTrack].contains($0.paceNow) }
                let scope = [team.map { "team \(SafeText.visible($0))" }, owner.map { "owner \(SafeText.visible($0))" }].compactMap { $0 }
                let label = scope.isEmpty ? "" : " (\(scope.joined(separator: ", ")))"
                let details = moved.map { kr in
                    var parts = ["\(SafeText.visible(kr.id)) “\(SafeText.visible(kr.title))” (\(SafeText.visible(kr.owner ?? "no owner")))"]
                    if kr.valueThen != kr.valueNow { parts.append("\(kr.valueThen?.plainText ?? "–") → \(kr.valueNow?.plainText ?? "–")") }
                    parts.append(kr.paceThen == kr.paceNow ? kr.paceNow.rawValue : "\(kr.paceThen.rawValue) → \(kr.paceNow.rawValue)")
                    if let confidence = kr.confidenceNow { parts.append("confidence \(confidence)/10" + (kr.confidenceDropped ? ", dropped" : "")) }
                    if !kr.checkIns.isEmpty { parts.append("\(kr.checkIns.count) check-in\(kr.checkIns.count == 1 ? "" : "s")") }
                    return parts.joined(separator: " · ")
                }
                notices.append(HookNotice(
                    kind: .digest, seq: nil, subject: "\(day)_\(team ?? "all")_\(owner ?? "all")", team: team, owner: owner,
                    title: "OKR digest for the week to \(day)\(label)",
                    line: "OKR digest for the week to \(day)\(label): \(moved.count) of \(keyResults.count) key results moved, \(atRisk.count) at risk or off track",
                    facts: [], details: details.isEmpty ? ["Nothing moved this week."] : details,
                    at: now, event: HookNoticeDeriver.json(report), subjectJSON: "null"))
            }
        }
        return notices
    }

    /// The metric feeds quiet now that the hook's teams and owners care about, each with the
    /// last observation before the spell (which names the spell).
    func quietFeeds(for hook: HookAdded, now: Instant) -> [(feed: MetricFeed, notice: HookNotice)] {
        let settings = store.settings
        let perspective = Perspective(at: now)
        let report = store.read { $0.answer(FeedsQuery(perspective), settings: settings) }
        return report.feeds.filter(\.quiet).compactMap { feed -> (feed: MetricFeed, notice: HookNotice)? in
            let statuses = store.read { model in
                feed.keyResults.compactMap { id -> KeyResultStatus? in
                    guard let (record, cycle) = HookNoticeDeriver.keyResult(id, in: model) else { return nil }
                    return Evaluator(model).evaluate(record, in: cycle, perspective, settings: settings)
                }
            }
            let matching = statuses.filter { status in
                (hook.teams.isEmpty || hook.teams.contains(status.team)) && (hook.owners.isEmpty || status.owner.map(hook.owners.contains) == true)
            }
            guard !(matching.isEmpty && (!hook.teams.isEmpty || !hook.owners.isEmpty)) else { return nil }
            let first = matching.first
            let metric = SafeText.visible(feed.metric)
            let owners = Set(matching.compactMap(\.owner)).sorted().map { SafeText.visible($0) }
            let line = "Metric feed \(metric) went quiet: last observed \(feed.lastObservedAt.rfc3339), due \(feed.dueAt.rfc3339)"
                + (matching.isEmpty ? "" : "; it measures \(matching.map { SafeText.visible($0.id) }.joined(separator: ", "))")
                + (owners.isEmpty ? "" : " (\(owners.joined(separator: ", ")))") + "; check the job that feeds it"
            let notice = HookNotice(kind: .feedQuiet, seq: nil, subject: "\(feed.metric)_\(feed.lastObservedAt.microsecondsSinceEpoch)",
                                    team: first?.team, owner: first?.owner, title: "Feed \(metric) went quiet", line: line,
                                    facts: [.init(label: "Metric", value: metric), .init(label: "Last observed", value: feed.lastObservedAt.rfc3339)],
                                    details: [], at: now, event: HookNoticeDeriver.json(feed), subjectJSON: first.map(HookNoticeDeriver.json) ?? "null")
            return (feed, notice)
        }
    }
}
