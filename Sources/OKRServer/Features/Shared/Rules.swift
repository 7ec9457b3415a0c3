import OKREvents
import OKRProjections
import OKRWire

/// The rules several features check alike: ids that must exist or be free, parents within the
/// alignment's limits, whose OKRs a question names, the next free id.
enum Rules {
    /// The parents of a request with their weights, checked in form: valid ids, each once,
    /// weights in (0, 1000], at most ``AlignmentGraph/maxParents`` of them.
    static func checkParents(_ parents: [ObjectiveParentParam]) throws(DomainError) -> [ObjectiveParent] {
        guard parents.count <= AlignmentGraph.maxParents else {
            throw .validation("\(parents.count) parents given; the limit is \(AlignmentGraph.maxParents) parents per objective", field: "parent")
        }
        var seen: Set<String> = []
        return try parents.map { (parent) throws(DomainError) -> ObjectiveParent in
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
    static func requireRoomForParent(_ parent: String, of record: ObjectiveRecord, at: Instant, now: Instant) throws(DomainError) {
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
                               at: Instant, now: Instant) throws(DomainError) {
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
    static func objective(_ id: String, in model: borrowing OKRModel) throws(DomainError) -> ObjectiveRecord {
        guard let record = model.objectives[id] else {
            throw model.keyResults[id] != nil
                ? .validation("'\(id)' is a key result, not an objective", field: "id")
                : .notFound("objective", id)
        }
        guard record.drops.entries.isEmpty else { throw .validation("objective '\(id)' is dropped", field: "id") }
        return record
    }

    /// A key result that exists and is not dropped.
    static func requireOpenKeyResult(_ id: String, in model: borrowing OKRModel, field: String) throws(DomainError) {
        let record = try keyResult(id, in: model)
        guard record.drops.entries.isEmpty else { throw .validation("key result '\(id)' is dropped", field: field) }
    }

    /// The key result with `id`, or an error that says what `id` is instead.
    static func keyResult(_ id: String, in model: borrowing OKRModel) throws(DomainError) -> KeyResultRecord {
        if let record = model.keyResults[id] { return record }
        if model.objectives[id] != nil {
            throw .validation("'\(id)' is an objective, not a key result", field: "kr")
        }
        throw .notFound("key result", id)
    }

    /// Objectives and key results share one id space (insights and links name either).
    static func requireUnusedSubjectID(_ id: String, in model: borrowing OKRModel) throws(DomainError) {
        if model.objectives[id] != nil { throw .conflict("objective '\(id)' already exists", id: id) }
        if model.keyResults[id] != nil { throw .conflict("key result '\(id)' already exists", id: id) }
    }

    static let maxNameLength = 128

    static func requireSubject(_ id: String, in model: borrowing OKRModel) throws(DomainError) {
        if model.objectives[id] != nil { return }
        if model.keyResults[id] != nil { return }
        throw .notFound("key result or objective", id)
    }

    /// Whose OKRs a query shows: `owner`, or with `mine` the caller (the socket's peer, which is
    /// the ssh login user over `--host`); `nil` for everyone's. `mine` for someone who owns
    /// nothing, or is not recorded, shows nothing rather than failing.
    static func owner(_ owner: String?, mine: Bool?, peer: Peer) throws(DomainError) -> String? {
        if mine == true {
            guard owner == nil else { throw .validation("give owner or mine, not both", field: "mine") }
            return peer.user
        }
        if let owner { try Checks.personID(owner, field: "owner") }
        return owner
    }

    /// The next free sequential id with `prefix` (`O-`, `KR-`, `I-`) among `taken`.
    static func nextID(prefix: String, taken: some Sequence<String>) -> String {
        var highest = 0
        for id in taken where id.hasPrefix(prefix) {
            if let number = Int(id.dropFirst(prefix.count)) { highest = max(highest, number) }
        }
        return "\(prefix)\(highest + 1)"
    }
}
