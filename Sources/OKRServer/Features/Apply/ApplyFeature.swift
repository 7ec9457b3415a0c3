import OKREvents
import OKRProjections
import OKRWire

/// OKRs as code: bring the log in line with a declared file, atomically.
struct ApplyFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.apply) { (params, peer) throws(DomainError) in try await apply(params, by: peer) }
    }

    func apply(_ params: ApplyParams, by peer: Peer) async throws(DomainError) -> ApplyResult {
        guard params.document.utf8.count <= 4 << 20 else { throw .validation("the OKR file is over 4 MiB", field: "document") }
        let document = try OKRDocumentReader.read(params.document)
        if let organisation = document.organisation { try requireCalendar(organisation) }
        let source = params.name ?? "the OKR file"
        return try await serially { () throws(DomainError) in
            let changes: [PlannedChange]
            do {
                changes = try store.read { (model) throws(PlanError) in try ApplyPlanner(model: model, document: document, source: source, now: clock()).plan() }
            } catch {
                throw .validation("\(error)", field: "document")
            }
            let plan = changes.map { PlanStep(action: $0.action.rawValue, kind: $0.kind, id: $0.id, detail: $0.detail) }
            guard params.dryRun != true, !changes.isEmpty else { return ApplyResult(plan: plan, applied: false, seqs: []) }
            let outcomes = try await append(changes.map { NewEvent($0.payload, effectiveAt: $0.effectiveAt, actor: peer.user) })
            return ApplyResult(plan: plan, applied: true, seqs: outcomes.map(\.seq))
        }
    }

    /// A file's `[organisation]` must describe the calendar in force (SPEC §15): a file written
    /// for another calendar would put its cycles' days elsewhere.
    private func requireCalendar(_ organisation: OKRDocument.Organisation) throws(DomainError) {
        let (calendar, zone) = store.read { ($0.fiscalCalendar, $0.calendarInForce.timeZone) }
        if let given = organisation.timeZone, given != zone {
            throw .validation("organisation.time_zone is '\(SafeText.visible(given))' in the file; okrd's calendar is in \(zone)",
                              field: "organisation.time_zone")
        }
        if let week = organisation.weekStarts, week != calendar.weekStarts {
            throw .validation("organisation.week_starts is \(week.rawValue) in the file; okrd's week starts on \(calendar.weekStarts.rawValue)",
                              field: "organisation.week_starts")
        }
        if let month = organisation.fiscalYearStarts, month != calendar.fiscalYearStarts {
            throw .validation("organisation.fiscal_year_starts is \(month) in the file; okrd's fiscal year starts in month \(calendar.fiscalYearStarts)",
                              field: "organisation.fiscal_year_starts")
        }
    }
}
