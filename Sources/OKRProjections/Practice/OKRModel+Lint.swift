import OKREvents

extension OKRModel {
    /// The checks of SPEC §4 for the shown cycles (the named one, else the active ones), as of the perspective.
    public func lint(cycle: String? = nil, team: String? = nil, _ perspective: Perspective,
                     settings: ProjectionSettings = ProjectionSettings()) -> LintReport {
        var findings: [LintFinding] = []
        for record in selectCycles(cycle, perspective) {
            findings += lint(record, team: team, perspective, settings: settings)
        }
        findings.sort { ($1.severity, $0.code, $0.subject) < ($0.severity, $1.code, $1.subject) }
        return LintReport(asOf: perspective.asOf, findings: findings)
    }

    private func lint(_ cycle: CycleRecord, team: String?, _ perspective: Perspective, settings: ProjectionSettings) -> [LintFinding] {
        let cycleID = cycle.defined.definition.id
        let t = perspective.asOf
        let running = cycle.start <= t && t < cycle.end
        var findings: [LintFinding] = []
        func add(_ rule: LintRule, _ subject: String, _ message: String) {
            findings.append(LintFinding(rule, subject: subject, cycle: cycleID, message: message))
        }
        let objectives = activeObjectives(in: cycleID, perspective)
            .filter { team == nil || involves($0, team: team!, perspective) }

        // OKR001: the rule of 3–5, counting each objective for its own team only (a shared
        // objective, where other teams hold key results, is its owning team's focus).
        for (name, owned) in Dictionary(grouping: objectives, by: { $0.defined.definition.team }).sorted(by: { $0.key < $1.key })
            where (team == nil || name == team) && owned.count > settings.maxObjectivesPerTeam {
            add(.tooManyObjectives, name, "team \(name) has \(owned.count) active objectives in \(cycleID); "
                + "\(settings.maxObjectivesPerTeam) at most keeps the focus (the rule of 3–5)")
        }

        for objective in objectives {
            let current = objective.current(perspective)
            let id = current.id
            let keyResults = activeKeyResults(of: id, perspective)
            let definitions = keyResults.map { $0.current(perspective) }
            // OKR002: too few counts the whole objective; too many counts per team on a shared
            // objective (each team's share must stay focused), the whole on any other.
            let byTeam = Dictionary(grouping: definitions) { $0.team ?? current.team }.mapValues(\.count)
            if keyResults.count < settings.minKeyResults || (byTeam.count <= 1 && keyResults.count > settings.maxKeyResults) {
                add(.keyResultCount, id, "\(id) has \(keyResults.count) active key results; "
                    + "\(settings.minKeyResults) to \(settings.maxKeyResults) say what success means without diluting it")
            } else if byTeam.count > 1 {
                for (name, count) in byTeam.sorted(by: { $0.key < $1.key })
                    where count > settings.maxKeyResults && (team == nil || team == name) {
                    add(.keyResultCount, id, "team \(name) holds \(count) active key results of shared objective \(id); "
                        + "\(settings.maxKeyResults) at most per team keeps its share focused")
                }
            }
            // OKR003, OKR004
            if !definitions.isEmpty, definitions.allSatisfy({ $0.level == .output }) {
                add(.allOutputs, id, "every key result of \(id) is an output: a feature list, not an outcome; "
                    + "measure the change in behaviour the features should cause")
            }
            if !definitions.isEmpty, definitions.allSatisfy({ $0.indicator == .lagging }) {
                add(.allLagging, id, "every key result of \(id) is lagging: nothing will move inside the cycle; "
                    + "add a leading indicator the team can influence week by week")
            }
            // OKR008
            if current.parent == nil, current.strategy == nil {
                add(.unaligned, id, "\(id) links to neither a parent objective nor a strategy choice: "
                    + "nobody can see which strategy it serves")
            }
            // OKR009 on the objective
            for insight in expiredInsights(on: id, perspective) {
                add(.expiredInsight, id, "\(id) rests on insight \(insight) which has expired: renew it with fresh evidence or revisit the objective")
            }

            for (record, definition) in zip(keyResults, definitions) {
                let kr = definition.id
                let status = evaluate(record, in: cycle, perspective, settings: settings)
                // OKR005
                if running {
                    let last = latestObservation(of: definition.metric, perspective)?.effectiveAt
                    if QuietFeed.since(lastObservedAt: last, cycleStart: cycle.start, at: t, settings: settings) != nil {
                        if let last {
                            add(.staleMetric, kr, "metric \(definition.metric) of \(kr) was last observed \(Self.days(t.seconds(since: last))) ago "
                                + "(limit \(Self.days(settings.metricStalenessSeconds))): is its feed broken?")
                        } else {
                            add(.staleMetric, kr, "metric \(definition.metric) of \(kr) has never been observed: connect a feed")
                        }
                    }
                }
                // OKR006
                if running, t.seconds(since: cycle.start) > settings.checkInIntervalSeconds {
                    if let at = status.checkInAt {
                        if t.seconds(since: at) > settings.checkInIntervalSeconds {
                            add(.missingCheckIn, kr, "no check-in on \(kr) for \(Self.days(t.seconds(since: at))); "
                                + "the team checks in every \(Self.days(settings.checkInIntervalSeconds))")
                        }
                    } else {
                        add(.missingCheckIn, kr, "\(kr) has had no check-in yet; check in weekly with a confidence, a status or a note")
                    }
                }
                // OKR007
                if let repeated = repeatedKeyResult(definition, team: current.team, before: cycle, perspective) {
                    add(.repeatedKPI, kr, "\(kr) repeats metric \(definition.metric) and target \(Self.number(definition.target)) "
                        + "of \(repeated) in the team's previous cycle: a routine KPI, not a strategic goal")
                }
                // OKR009 on the key result
                for insight in expiredInsights(on: kr, perspective) {
                    add(.expiredInsight, kr, "\(kr) rests on insight \(insight) which has expired: renew it with fresh evidence or revisit the key result")
                }
                // OKR010
                if let confidence = status.confidence {
                    if confidence >= 7, status.pace == .offTrack {
                        add(.confidenceDisagrees, kr, "\(kr) is off-track yet its confidence is \(confidence)/10: is the data or the confidence wrong?")
                    } else if confidence <= 3, status.pace == .onTrack {
                        add(.confidenceDisagrees, kr, "\(kr) is on-track yet its confidence is \(confidence)/10: what does the team know that the numbers don't?")
                    }
                }
                // OKR011
                if let baseline = status.baseline {
                    var previous = record.defined.definition.target
                    for entry in record.retargets.visible(perspective) {
                        let target = entry.value.target
                        let inCycle = entry.stamp.effectiveAt >= cycle.start && entry.stamp.effectiveAt < cycle.end
                        if inCycle, abs(target - baseline) < abs(previous - baseline), (target - baseline) * (previous - baseline) > 0 {
                            add(.goalpostMoved, kr, "\(kr)'s target moved from \(Self.number(previous)) to \(Self.number(target)), "
                                + "toward the baseline \(Self.number(baseline)), on \(CalendarDay(containing: entry.stamp.effectiveAt)): "
                                + "\"\(entry.value.reason)\"")
                        }
                        previous = target
                    }
                }
            }
        }

        // OKR012: sandbagging, judged on the scores frozen at close.
        if let closed = cycle.closes.latest(perspective)?.value {
            let aspirational = Set(objectives.filter { $0.current(perspective).kind == .aspirational }.map { $0.defined.definition.id })
            let aspirationalKRs = Set(aspirational.flatMap { objective in
                (keyResultsByObjective[objective] ?? []).filter { keyResults[$0]?.objective(perspective) == objective }
            })
            let frozen = closed.keyResults.filter { aspirationalKRs.contains($0.id) }
            if !frozen.isEmpty, frozen.allSatisfy({ ($0.score ?? 0) >= 1 }) {
                add(.sandbagging, cycleID, "every aspirational key result of \(cycleID) scored 1.0: the goals were not ambitious; "
                    + "aim where 0.6–0.7 is a good result")
            }
        }
        return findings
    }

    /// Ids of expired insights whose subject is `subject`.
    func expiredInsights(on subject: String, _ perspective: Perspective) -> [String] {
        insights.values.filter { $0.defined.definition.subject == subject && perspective.knows($0.defined.stamp) && $0.isExpired(perspective) }
            .map { $0.defined.definition.id }.sorted()
    }

    /// A key result of the same team's previous cycle with the same metric and target.
    private func repeatedKeyResult(_ definition: KeyResultCreated, team: String, before cycle: CycleRecord,
                                   _ perspective: Perspective) -> String? {
        guard let previous = knownCycles(perspective).last(where: { $0.end <= cycle.start }) else { return nil }
        for objective in activeObjectives(in: previous.defined.definition.id, perspective) where objective.defined.definition.team == team {
            for record in activeKeyResults(of: objective.defined.definition.id, perspective) {
                let old = record.current(perspective)
                if old.metric == definition.metric, old.target == definition.target { return old.id }
            }
        }
        return nil
    }

    static func days(_ seconds: Double) -> String {
        let days = seconds / 86_400
        return days == days.rounded() ? "\(Int(days)) days" : String(format: "%.1f days", days)
    }

    static func number(_ value: Double) -> String { value.plainText }
}
