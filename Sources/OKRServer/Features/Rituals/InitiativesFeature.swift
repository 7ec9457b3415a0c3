import OKREvents
import OKRProjections
import OKRWire

/// Initiatives (SPEC §15): the work planned for a key result, listed and owned beside it and
/// never scored.
struct InitiativesFeature: Feature {
    let context: FeatureContext

    /// The longest link okr stores.
    static let maxLinkLength = 2_048

    func register(in table: inout MethodTable) {
        table.add(Methods.initiativeAdd) { (params, peer) throws(DomainError) in try await add(params, by: peer) }
        table.add(Methods.initiativeClose) { (params, peer) throws(DomainError) in try await close(params, by: peer) }
    }

    func add(_ params: InitiativeAddParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        let title = try Checks.text(params.title, field: "title", max: Checks.maxTitleLength)
        try Checks.id(params.kr, field: "kr")
        if let id = params.id { try Checks.id(id) }
        if let link = params.link { try Self.checkLink(link) }
        try Checks.effectiveTime(params.at, now: clock())
        return try await serially { () throws(DomainError) in
            let id = try store.read { (model) throws(DomainError) -> String in
                try Rules.requireOpenKeyResult(params.kr, in: model, field: "kr")
                if let owner = params.owner { try Checks.owner(owner, in: model) }
                guard let id = params.id else { return Rules.nextID(prefix: "IN-", taken: model.rituals.initiatives.keys) }
                guard model.rituals.initiatives[id] == nil else { throw .conflict("initiative '\(id)' exists already", id: id) }
                return id
            }
            let event = InitiativeAdded(id: id, title: title, kr: params.kr, owner: params.owner, link: params.link)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: id)
        }
    }

    func close(_ params: InitiativeCloseParams, by peer: Peer) async throws(DomainError) -> WriteResult {
        try Checks.id(params.id)
        let now = clock()
        try Checks.effectiveTime(params.at, now: now)
        return try await serially { () throws(DomainError) in
            try store.read { (model) throws(DomainError) in
                guard let record = model.rituals.initiatives[params.id] else { throw .notFound("initiative", params.id) }
                if let outcome = record.outcome(Perspective(at: max(params.at ?? now, now))) {
                    throw .validation("initiative '\(params.id)' is \(outcome.rawValue) already", field: "id")
                }
                let at = params.at ?? now
                guard record.defined.stamp.effectiveAt <= at else {
                    throw .validation("initiative '\(params.id)' was added at \(record.defined.stamp.effectiveAt); \(at) is before it", field: "at")
                }
            }
            let event = InitiativeClosed(id: params.id, outcome: params.outcome)
            return try await appendOne(NewEvent(event, effectiveAt: params.at, actor: peer.user), id: params.id)
        }
    }

    /// A link is an http or https URL of printable characters with a host.
    static func checkLink(_ link: String) throws(DomainError) {
        try Checks.text(link, field: "link", max: maxLinkLength)
        let lower = link.lowercased()
        let rest = lower.hasPrefix("https://") ? lower.dropFirst(8) : lower.hasPrefix("http://") ? lower.dropFirst(7) : nil
        guard let rest, let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty,
              !link.contains(where: { $0.isWhitespace }) else {
            throw .validation("link must be an http or https URL with a host, not '\(link)'", field: "link")
        }
    }
}
