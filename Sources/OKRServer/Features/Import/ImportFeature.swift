import OKREvents
import OKRProjections
import OKRWire

/// `import.commit`: an import's events, back-dated to when they happened at their source, are
/// appended in one commit or not at all (SPEC §11).
struct ImportFeature: Feature {
    let context: FeatureContext
    /// The uploads staged and not yet committed.
    let uploads: ImportUploads

    /// Imports from other tools (`okrctl import viva`): staged in parts, appended whole.
    func register(in table: inout MethodTable) {
        table.add(Methods.importStage, sized: { (params, bytes, peer) throws(DomainError) in
            try uploads.stage(params.events, bytes: bytes, to: params.upload, by: peer)
        })
        table.add(Methods.importCommit) { (params, peer) throws(DomainError) in
            try await commitImport(try uploads.take(params.upload, by: peer), dryRun: params.dryRun ?? false, by: peer)
        }
    }

    func commitImport(_ events: [ImportEvent], dryRun: Bool, by peer: Peer) async throws(DomainError) -> ImportCommitResult {
        for event in events {
            do {
                try Checks.text(event.key, field: "key", max: Checks.maxTitleLength)
            } catch {
                throw error.reworded { "an imported event's \($0); nothing was appended" }
            }
        }
        return try await serially { () throws(DomainError) in
            // What the log holds already: the same content is a repeat, other content is kept as
            // first imported (an export taken later may have edited a goal).
            let stored: [StoredEvent?]
            do throws(EventLogError) {
                stored = try log.events(forKeys: events.map(\.key))
            } catch {
                throw DomainError(error)
            }
            var check = ImportCheck(model: store.copy(), now: clock())
            let teamsBefore = check.model.knownTeams
            var seen: [String: Int] = [:]
            var already = 0
            var changed: [ImportCommitResult.Kept] = []
            var appending: [NewEvent] = []
            var counts: [CountKey: Int] = [:]
            for (index, event) in events.enumerated() {
                if let original = stored[index] {
                    if original.payload == event.payload, original.effectiveAt == event.at {
                        already += 1
                    } else {
                        changed.append(.init(key: event.key, reason: "changed at the source since seq \(original.seq) was imported: "
                                                 + "kept as first imported"))
                    }
                    continue
                }
                if let earlier = seen[event.key] {
                    guard events[earlier].payload == event.payload, events[earlier].at == event.at else {
                        throw .validation("\(event.key.prefix(80)): the key is used twice with different content; nothing was appended",
                                          field: "events")
                    }
                    continue
                }
                seen[event.key] = index
                guard let payload = try check.admit(event) else { continue }
                appending.append(NewEvent(payload, effectiveAt: event.at, actor: peer.user, idempotencyKey: event.key))
                counts[CountKey(type: event.payload.type, kind: Self.kind(of: event.key)), default: 0] += 1
            }
            let newTeams = check.model.knownTeams.subtracting(teamsBefore).sorted()
            let new = counts.map { ImportCommitResult.Count(type: $0.key.type, kind: $0.key.kind, count: $0.value) }
                .sorted { ($0.type.code, $0.kind) < ($1.type.code, $1.kind) }
            var result = ImportCommitResult(applied: false, new: new, already: already, kept: check.kept + changed, newTeams: newTeams)
            guard !dryRun, !appending.isEmpty else { return result }
            let outcomes = try await append(appending)
            result.applied = true
            result.firstSeq = outcomes.first?.seq
            result.lastSeq = outcomes.last?.seq
            logger.info("import appended \(outcomes.count) events (\(already) already there)", metadata: ["user": "\(peer.user)"])
            return result
        }
    }

    private struct CountKey: Hashable {
        var type: EventType
        var kind: String
    }

    /// A key's kind: all before its last `:` (`viva:checkin:3100008` → `viva:checkin`).
    static func kind(of key: String) -> String {
        key.lastIndex(of: ":").map { String(key[..<$0]) } ?? key
    }
}
