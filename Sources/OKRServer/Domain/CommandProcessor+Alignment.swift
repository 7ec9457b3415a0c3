import OKREvents
import OKRProjections
import OKRWire

extension MethodTable {
    /// Weighted parents across cycles (SPEC §10).
    mutating func addAlignment(_ processor: CommandProcessor) {
        add(.objectiveAlign, ObjectiveAlignParams.self) { (params, peer) throws(RPCError) in
            try await processor.alignObjective(params, by: peer)
        }
        add(.objectiveUnalign, ObjectiveUnalignParams.self) { (params, peer) throws(RPCError) in
            try await processor.unalignObjective(params, by: peer)
        }
    }
}

/// `objective.align` and `objective.unalign`, and the parent checks `objective.add` and
/// `objective.update` share.
extension CommandProcessor {
    func alignObjective(_ params: ObjectiveAlignParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        let link = try Self.checkParents([ObjectiveParentParam(id: params.parent, weight: params.weight)])[0]
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(RPCError) in
            try store.read { (model) throws(RPCError) in
                let record = try Self.objective(params.id, in: model)
                let perspective = Perspective(at: max(params.at ?? now, now))
                if let existing = record.parents(perspective).first(where: { $0.id == link.id }), existing.weight == link.weight {
                    throw .validation("'\(params.id)' already serves '\(link.id)' with weight \(link.weight.plainText)", field: "parent")
                }
                try Self.requireParents([link], of: params.id, in: model, at: params.at ?? now, now: now)
                try Self.requireRoomForParent(link.id, of: record, at: params.at ?? now, now: now)
            }
            let event = ObjectiveAligned(id: params.id, parent: link.id, weight: link.weight)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    func unalignObjective(_ params: ObjectiveUnalignParams, by peer: Peer) async throws(RPCError) -> WriteResult {
        try Checks.id(params.parent, field: "parent")
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(RPCError) in
            try store.read { (model) throws(RPCError) in
                let record = try Self.objective(params.id, in: model)
                guard record.parents(Perspective(at: params.at ?? now)).contains(where: { $0.id == params.parent }) else {
                    throw .validation("'\(params.id)' does not serve '\(params.parent)'", field: "parent")
                }
            }
            let event = ObjectiveUnaligned(id: params.id, parent: params.parent)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    /// The parents of a request with their weights, checked in form: valid ids, each once,
    /// weights in (0, 1000], at most ``AlignmentGraph/maxParents`` of them.
    static func checkParents(_ parents: [ObjectiveParentParam]) throws(RPCError) -> [ObjectiveParent] {
        guard parents.count <= AlignmentGraph.maxParents else {
            throw .validation("\(parents.count) parents given; the limit is \(AlignmentGraph.maxParents) parents per objective", field: "parent")
        }
        var seen: Set<String> = []
        return try parents.map { (parent) throws(RPCError) -> ObjectiveParent in
            try Checks.id(parent.id, field: "parent")
            let weight = parent.weight ?? 1
            guard weight.isFinite, weight > 0, weight <= ObjectiveParent.maxWeight else {
                throw .validation("the weight of parent '\(parent.id)' must be a number above 0 and at most 1000, not \(weight.plainText)",
                                  field: "parent")
            }
            guard seen.insert(parent.id).inserted else { throw .validation("parent '\(parent.id)' is given twice", field: "parent") }
            return ObjectiveParent(id: parent.id, weight: weight)
        }
    }

    /// Checks that one more parent, `parent`, keeps `record` within ``AlignmentGraph/maxParents``
    /// parents in force, as of `at` and as of now.
    static func requireRoomForParent(_ parent: String, of record: ObjectiveRecord, at: Instant, now: Instant) throws(RPCError) {
        for instant in Set([at, max(at, now)]) {
            let parents = record.parents(Perspective(at: instant))
            guard parents.contains(where: { $0.id == parent }) || parents.count < AlignmentGraph.maxParents else {
                throw .validation("'\(record.defined.definition.id)' already has \(parents.count) parents; the limit is "
                                  + "\(AlignmentGraph.maxParents) parents per objective: unalign one first", field: "parent")
            }
        }
    }

    /// Checks that `parents` exist, are objectives, are not dropped, and that linking `child`
    /// under them closes no loop and makes no chain deeper than ``AlignmentGraph/maxDepth``, as
    /// of `at` and as of now.
    static func requireParents(_ parents: [ObjectiveParent], of child: String, in model: borrowing OKRModel,
                               at: Instant, now: Instant) throws(RPCError) {
        for parent in parents {
            guard let record = model.objectives[parent.id] else {
                throw model.keyResults[parent.id] != nil
                    ? .validation("'\(parent.id)' is a key result; a parent is an objective", field: "parent")
                    : .notFound("parent objective", parent.id)
            }
            guard record.drops.entries.isEmpty else { throw .validation("parent objective '\(parent.id)' is dropped", field: "parent") }
            for instant in Set([at, max(at, now)]) {
                let graph = model.alignmentGraph(Perspective(at: instant))
                if let loop = graph.loop(linking: child, under: parent.id) {
                    throw .validation("aligning '\(child)' under '\(parent.id)' would make a loop: \(loop.joined(separator: " → "))",
                                      field: "parent")
                }
                let depth = graph.depth(linking: child, under: parent.id)
                guard depth <= AlignmentGraph.maxDepth else {
                    throw .validation("aligning '\(child.isEmpty ? "the new objective" : child)' under '\(parent.id)' would make a chain of "
                                      + "more than \(AlignmentGraph.maxDepth) objectives; the limit is an alignment depth of "
                                      + "\(AlignmentGraph.maxDepth)", field: "parent")
                }
            }
        }
    }

    /// The objective with `id`, or an error that says what `id` is instead; a dropped one is refused.
    static func objective(_ id: String, in model: borrowing OKRModel) throws(RPCError) -> ObjectiveRecord {
        guard let record = model.objectives[id] else {
            throw model.keyResults[id] != nil
                ? .validation("'\(id)' is a key result, not an objective", field: "id")
                : .notFound("objective", id)
        }
        guard record.drops.entries.isEmpty else { throw .validation("objective '\(id)' is dropped", field: "id") }
        return record
    }
}
