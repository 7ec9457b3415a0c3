import OKRWire

/// The daemon about itself: `ping` (version, limits, who the caller is) and `stats` (request
/// latencies and commits).
struct ServiceFeature: Feature {
    let context: FeatureContext
    /// The socket's line limit, told to clients in `ping` (okrctl sizes its batches by it).
    let lineLimit: Int
    let latencies: LatencyRecorder

    func register(in table: inout MethodTable) {
        table.add(Methods.ping) { peer in
            PingResult(version: OKRVersion.current, lastSeq: log.lastSeq, user: peer.user, role: peer.role ?? .reader,
                       batchLimit: context.observeBatchLimit, lineLimit: lineLimit, identifiesByContent: true,
                       readErrors: store.readErrors.value, timeZones: store.read { $0.calendar.periods })
        }
        table.add(Methods.stats) { _ in
            var stats = latencies.snapshot()
            (stats.commits, stats.committedRequests) = log.commitCounts
            if let hooks = context.hooks {
                stats.hooks = hooks.hooks().map { hook, since in
                    let counters = hooks.state.counters(of: hook.name)
                    return HookCounters(name: hook.name, attempts: counters.attempts, lag: hooks.standing(of: hook.name, since: since).lag,
                                        failed: counters.failed)
                }
            }
            return stats
        }
    }
}
