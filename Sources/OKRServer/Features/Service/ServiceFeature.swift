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
                       readErrors: store.readErrors.value)
        }
        table.add(Methods.stats) { _ in
            var stats = latencies.snapshot()
            (stats.commits, stats.committedRequests) = log.commitCounts
            if let hooks = context.hooks {
                let lastSeq = store.lastSeq
                stats.hooks = hooks.hooks().map { hook, since in
                    let position = hooks.state.existing(hook.name).flatMap { $0.since == since ? $0.position : nil } ?? since
                    let counters = hooks.state.counters(of: hook.name)
                    return HookCounters(name: hook.name, attempts: counters.attempts, lag: lastSeq > position ? lastSeq - position : 0,
                                        failed: counters.failed)
                }
            }
            return stats
        }
    }
}
