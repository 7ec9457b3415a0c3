import OKREvents
import OKRProjections
import OKRWire

extension DefinitionsFeature {
    /// `cycle.plan` (SPEC §15): a fiscal year and its quarters (and months) as cycles, cut by
    /// `[organisation]`'s calendar. Cycles that exist with the plan's dates are kept; one that
    /// exists with other dates refuses the whole plan, naming each; the new ones are appended
    /// in one commit.
    func planCycles(_ params: CyclePlanParams, by peer: Peer) async throws(DomainError) -> CyclePlanResult {
        guard let pattern = FiscalCalendar.Pattern(rawValue: params.pattern) else {
            throw .validation("pattern '\(params.pattern.prefix(40))' is not one of "
                + FiscalCalendar.Pattern.allCases.map(\.rawValue).joined(separator: ", "), field: "pattern")
        }
        let prefix = params.prefix ?? "FY"
        let digits = params.year.hasPrefix(prefix) ? String(params.year.dropFirst(prefix.count)) : params.year
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let year = Int(digits), (1971...9998).contains(year) else {
            throw .validation("fiscal year '\(params.year.prefix(40))' is not a year: 2027 or \(prefix)2027", field: "year")
        }
        try Checks.id(prefix + digits + "-M12", field: "prefix")
        let plan = store.read { $0.fiscalCalendar }.plan(year: year, pattern: pattern, prefix: prefix, months: params.months ?? false)
        return try await serially { () throws(DomainError) in
            let existing = store.read { model in plan.map { model.cycles[$0.id]?.defined.definition } }
            var conflicts: [String] = []
            var events: [NewEvent] = []
            var cycles: [CyclePlanResult.Cycle] = []
            for (planned, found) in zip(plan, existing) {
                if let found {
                    if found.start != planned.start || found.end != planned.end {
                        conflicts.append("\(planned.id) exists as \(found.start) … \(found.end), the plan says \(planned.start) … \(planned.end)")
                    }
                    cycles.append(.init(id: planned.id, name: found.name, start: found.start, end: found.end, created: false))
                } else {
                    let event = try EventChecks.cycle(CycleDefined(id: planned.id, name: planned.name, start: planned.start, end: planned.end))
                    events.append(NewEvent(event, actor: peer.user))
                    cycles.append(.init(id: planned.id, name: planned.name, start: planned.start, end: planned.end, created: true))
                }
            }
            guard conflicts.isEmpty else {
                throw .conflict("the plan of \(prefix)\(digits) (\(pattern.rawValue)) meets cycles with other dates: "
                    + conflicts.joined(separator: "; ") + "; nothing was appended", id: plan.first?.id)
            }
            let outcomes = events.isEmpty ? [] : try await append(events)
            return CyclePlanResult(cycles: cycles, seqs: outcomes.map(\.seq))
        }
    }
}
