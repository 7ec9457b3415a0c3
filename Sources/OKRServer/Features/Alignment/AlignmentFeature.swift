import OKREvents
import OKRProjections
import OKRWire

/// `objective.align` and `objective.unalign`, and the parent checks `objective.add` and
/// `objective.update` share.
struct AlignmentFeature: Feature {
    let context: FeatureContext

    func register(in table: inout MethodTable) {
        table.add(Methods.objectiveAlign) { (params, peer) throws(DomainError) in
            try await alignObjective(params, by: peer)
        }
        table.add(Methods.objectiveUnalign) { (params, peer) throws(DomainError) in
            try await unalignObjective(params, by: peer)
        }
    }

    func alignObjective(_ params: ObjectiveAlignParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let link = try Rules.checkParents([ObjectiveParentParam(id: params.parent, weight: params.weight)])[0]
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Rules.objective(params.id, in: model)
                let perspective = Perspective(at: max(params.at ?? now, now))
                if let existing = record.parents(perspective).first(where: { $0.id == link.id }), existing.weight == link.weight {
                    throw .validation("'\(params.id)' already serves '\(link.id)' with weight \(link.weight.plainText)", field: "parent")
                }
                try Rules.requireParents([link], of: params.id, in: model, at: params.at ?? now, now: now)
                try Rules.requireRoomForParent(link.id, of: record, at: params.at ?? now, now: now)
            }
            let event = ObjectiveAligned(id: params.id, parent: link.id, weight: link.weight)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func unalignObjective(_ params: ObjectiveUnalignParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.parent, field: "parent")
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                let record = try Rules.objective(params.id, in: model)
                guard record.parents(Perspective(at: params.at ?? now)).contains(where: { $0.id == params.parent }) else {
                    throw .validation("'\(params.id)' does not serve '\(params.parent)'", field: "parent")
                }
            }
            let event = ObjectiveUnaligned(id: params.id, parent: params.parent)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }
}
