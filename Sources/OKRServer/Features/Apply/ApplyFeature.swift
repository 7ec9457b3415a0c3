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
}
